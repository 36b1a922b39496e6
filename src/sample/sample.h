/* Sampling and testing records (抽样检测记录): validation, verdict,
 * gap-free numbering, saving, correction with history, voiding.
 * Who may write which town's records is checked here (users.h), and every
 * change adds an audit row in its own transaction. No curses here; the
 * screens and the command line both call this. */
#ifndef NJ_SAMPLE_H
#define NJ_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "record/formdef.h"
#include "base/kinds.h"
#include "record/sample_table.h"
#include "store/users.h"
#include "store/db.h"

typedef struct {
	long long id;           /* 0 until saved */
	char sample_no[96];
	char ext_no[96];        /* its number where it was imported from; "" none */
	int version;            /* for detecting concurrent corrections */
	long long producer_id;  /* registered producer chosen in entry; 0: free text */
	char *v[SF_COUNT];      /* values as text, never NULL ("" = empty) */
	bool fail;              /* verdict: 不合格 */
	bool flag_confirm;      /* rapid test inside the warning band: 建议送检 */
	bool voided;            /* 作废 (entered in error) */
	char void_reason[256];
	REC_STAMP_MEMBERS;
} sample;

/* field: the sample_field the message is about, -1: none; conflict: a
 * correction refused because someone else saved first. */
typedef rec_error sample_error;

/* Field keys, in sample_field order, NULL-terminated (for form_load). */
extern const char *const sample_keys[];

REC_RECORD_DECLS(sample);
/* form_value_fn over a sample (ctx is the sample). */
const char *sample_value_by_key(void *ctx, const char *key);


/* Check every field (form rules, then the domain's own), normalising the
 * values in place. False with the first problem and its field. */
bool sample_validate(const config *c, const form_def *f, sample *s, sample_error *e);
/* May a product of this category be tested by enzyme inhibition (not
 * 畜禽产品 or 水产品)? And the false-positive warning for the vegetables
 * GB/T 5009.199's note names (NULL when none). */
bool sample_enzyme_allowed(const char *category);
const char *sample_enzyme_note(const char *product);
/* The method a rapid test of this category uses when none is given:
 * 酶抑制法, or 胶体金 for 畜禽产品 and 水产品. */
const char *sample_default_method(const char *category);
/* A rapid result as generated data writes it (demo, bench): the
 * inhibition for an enzyme test, else a 胶体金 strip for the category's
 * usual item, 阳性 when the inhibition would have been positive. */
void sample_set_rapid(const config *c, sample *s, const char *inhibition);
/* Compute the verdict and the 建议送检 flag from the result fields. */
void sample_judge(const config *c, sample *s);
/* Human verdict text: 阴性 / 疑似阳性 / 阳性 for a rapid test (KIND_RAPID),
 * 合格 / 不合格 for a quantitative one. */
const char *sample_verdict_word(int kind, bool fail, bool confirm);
const char *sample_verdict_text(const sample *s);

/* May who save s (validated) as a new record: their own 检测单位, and a
 * township room's 抽样地点 its own town? False with the field and why. */
bool sample_may_save(const config *c, const sample *s, const account *who, sample_error *e);
/* Validate, number and save a new record in one short transaction. On
 * success s->id, s->sample_no and s->version are set. */
bool sample_insert(db_conn *db, const config *c, const form_def *f, sample *s,
                   const account *who, sample_error *e);
bool sample_load(db_conn *db, long long id, sample *s, char *err, size_t errlen);
long long sample_find_no(db_conn *db, const char *sample_no);
/* Every record of a year (0: all years) in entry order; fn returns false
 * to stop early. */
typedef bool (*sample_each_fn)(void *ctx, const sample *s);
bool sample_each(db_conn *db, int year, sample_each_fn fn, void *ctx, char *err, size_t errlen);
/* The records of n ids (a few queries for them all, not one each), by
 * id; fn returns true. */
bool sample_each_of(db_conn *db, const long long *ids, int n, sample_each_fn fn, void *ctx, char *err,
                    size_t errlen);
/* At most this many ids in one statement of the two above. */
enum { SAMPLE_IDS_AT_ONCE = 100 };
/* Prepare before + "(?,?,…)" + after with the n ids bound, for a read of
 * many records in one statement. */
db_stmt *sample_prepare_ids(db_conn *db, const char *before, const long long *ids, int n, const char *after,
                                 char *err, size_t errlen);
/* Correct a saved record: s holds the new values, s->id the record and
 * s->version the version the user started from. The reason is required.
 * Every changed field is kept in the history; a record changed by someone
 * else meanwhile is refused. */
bool sample_correct(db_conn *db, const config *c, const form_def *f, sample *s,
                    const char *reason, const account *who, sample_error *e);
/* Mark as entered in error (作废) with a reason; never deleted. */
bool sample_void(db_conn *db, long long id, int version, const char *reason,
                 const account *who, char *err, size_t errlen);

typedef rec_change sample_change;
typedef rec_change_fn sample_change_fn;
/* What a history row's field is called: its label in f (NULL: the
 * default labels), 判定 for the verdict, 状态 for the status. */
const char *sample_change_label(const form_def *f, const char *field);
bool sample_history(db_conn *db, long long id, sample_change_fn fn, void *ctx,
                    char *err, size_t errlen);

/* Number of names in a list of people (张三、李四: split by 、,，;； and
 * spaces): samplers, inspectors. */
int sample_count_names(const char *s);

/* Build a sample number from the configured format. */
void sample_format_no(const config *c, const char *town_short, int year, long seq,
                      char *out, size_t outlen);
/* The same with SAMPLE_SEQ_MARK (a control character, which stored text
 * never has) where the sequence number goes: numbers given later, in SQL
 * (sample_stage.h: replace(template, char(1), printf('%0*d', width, seq))). */
#define SAMPLE_SEQ_MARK "\x01"
void sample_format_template(const config *c, const char *town_short, int year, char *out, size_t outlen);
/* Canonical text for a number: no trailing zeros ("45.5", "0.02"). */
void sample_format_number(double x, char *out, size_t outlen);

#endif
