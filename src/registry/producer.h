/* The producer registry (生产经营主体名录): validation (including the check
 * characters of credit codes and ID numbers), registering, editing with
 * history, finding. No curses; the screens and the command line both call
 * this. Ratings are in rating.h, listings in blacklist.h. */
#ifndef NJ_PRODUCER_H
#define NJ_PRODUCER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "record/formdef.h"
#include "record/producer_table.h"
#include "store/users.h"
#include "store/db.h"

const char *producer_kind_label(int k);          /* 企业 ... ("" out of range) */
const char *producer_kind_code(int k);           /* enterprise ... (as stored) */
int producer_kind_from_label(const char *label); /* -1 when unknown */
int producer_kind_from_code(const char *code);

/* The recognised certifications, in canonical order. */
extern const char *const producer_certifications[];

typedef struct {
	long long id;            /* 0 until saved */
	int version;
	char *v[PF_COUNT];       /* text, never NULL; flags 是/否; kind as its label */
	char rating;             /* 'A', 'B', 'C', or 0: not rated */
	REC_STAMP_MEMBERS;
} producer;

/* field: the producer_field the message is about, -1: none. */
typedef rec_error producer_error;

REC_RECORD_DECLS(producer);
const char *producer_value_by_key(void *ctx, const char *key);

/* The day a producer counts from (巡查, coverage): its 登记日期 in the
 * authorities' registry, else the day it was entered here. */
void producer_registered_day(const producer *p, char *out, size_t outlen);

/* Check every field (form rules, then the registry's own), normalising in
 * place: codes upper-cased, certifications in canonical order, empty flags
 * 否. False with the first problem and its field. */
bool producer_validate(const config *c, const form_def *f, producer *p, producer_error *e);

/* Register: validate, refuse duplicate codes (and the same name twice in
 * one town and village), save. Sets p->id and p->version. */
bool producer_insert(db_conn *db, const config *c, const form_def *f, producer *p,
                     const account *who, producer_error *e);
/* The saving half of producer_insert, for a producer that passed
 * producer_validate (an import checks its rows before it takes the write
 * lock): the town the login may write is checked again, the duplicates
 * only with unique (without, the database's unique indexes still refuse
 * one, with a plainer message). */
bool producer_insert_checked(db_conn *db, producer *p, bool unique, const account *who, producer_error *e);
/* Save changed fields of a registered producer (p->id, p->version as
 * loaded); each change is kept in the history with the reason (may be
 * empty). Refused when someone else changed it meanwhile. */
bool producer_update(db_conn *db, const config *c, const form_def *f, producer *p,
                     const char *reason, const account *who, producer_error *e);
bool producer_load(db_conn *db, long long id, producer *p, char *err, size_t errlen);

/* Find producers by what a user types on the command line: a number (the
 * registry number, "12" or "#12"), a credit code or ID number, or an exact
 * name. Fills up to max ids and returns how many matched (may exceed max),
 * -1 on a database error. */
int producer_find(db_conn *db, const char *text, long long *ids, int max, char *err, size_t errlen);

/* One producer as producer_find finds it, loaded into p (initialised by
 * the caller), that who may enter records for (staff: their own town).
 * False with the message: none, several, another town's. */
bool producer_pick_writable(db_conn *db, const char *text, const account *who, producer *p, char *err,
                            size_t errlen);

typedef rec_change producer_change;
typedef rec_change_fn producer_change_fn;
bool producer_history(db_conn *db, long long id, producer_change_fn fn, void *ctx,
                      char *err, size_t errlen);

/* A producer's samples: linked by producer_id, or unlinked ones whose
 * 受检主体 is exactly its name. Newest first, at most limit (0: all). */
typedef struct {
	long long id;
	const char *sample_no, *date, *town, *kind, *product, *result;
	bool fail, voided;
} producer_sample;
typedef void (*producer_sample_fn)(void *ctx, const producer_sample *s);
bool producer_samples(db_conn *db, long long id, producer_sample_fn fn, void *ctx, int limit,
                      char *err, size_t errlen);

/* Status at a glance, as every lookup shows it. */
enum { PSTATUS_NORMAL, PSTATUS_WATCH, PSTATUS_BLACKLISTED };
const char *producer_status_text(int status);   /* 正常 / 重点监管 / 黑名单 */
/* Status from the rating and whether an active listing exists. */
int producer_status(char rating, bool listed);

#endif
