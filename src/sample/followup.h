/* 检打联动: the follow-up case of a failed or suspicious sample and its
 * steps (复检, 送检确证, 确证结果, 处置, 立案查处, 移送公安, 结案).
 * A case is opened by the schema's triggers when a sample is saved or
 * corrected into 不合格/阳性 (and, by followup.open_on_warning, into the
 * warning band), in the same transaction. Here: the rules of each step
 * (what it needs, the order, who may), voiding a step entered in error,
 * the state and the deadlines of a case (逾期). Every write is audited.
 * No curses. */
#ifndef NJ_FOLLOWUP_H
#define NJ_FOLLOWUP_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "base/dates.h"
#include "record/followup_table.h"
#include "store/users.h"
#include "store/db.h"

/* What a user gives for a step. value is the step's own datum: the
 * retest's result (抑制率 % or 阴性/阳性), the lab of 送检确证, the kind of
 * 处置, the case number of 立案查处, the result of 结案. ref: the sample
 * number of the quantitative record of 确证结果. date NULL: today. Any of
 * them NULL or "" when not given. step: label or code; the old words
 * 送定量确认 and 禁止上市 (= 处置 禁止上市) are understood too. */
typedef struct {
	const char *step, *date, *value, *ref, *quantity, *note;
} followup_input;

/* The keys of the step form (forms/followup.ini): step date retest lab
 * ref action quantity case_no result note. retest, lab, action, case_no
 * and result are the step's own datum (value) under the name that step
 * gives it. NULL-terminated. */
extern const char *const followup_form_keys[];
/* Put a form field's value where the step takes it; false for a key the
 * step form does not have. The strings are borrowed. */
bool followup_input_set(followup_input *in, const char *key, const char *value);

/* Add a step to the case of sample_id, or refuse it with the reason.
 * The step is numbered (its number in `followup show`) in *no if given. */
bool followup_add(db_conn *db, const config *c, long long sample_id, const followup_input *in,
                  const account *who, int *no, char *err, size_t errlen);
/* The same, and a refusal names the step form's key it is about in
 * *field ("" when it is about no one field): the screen puts the reason
 * beside that field. */
bool followup_add_form(db_conn *db, const config *c, long long sample_id, const followup_input *in,
                       const account *who, int *no, const char **field, char *err, size_t errlen);
/* Void step number no (1 = the case's first, voided ones counted) with a
 * reason; only the last live step may be voided, so that what remains is
 * still in order. */
bool followup_void(db_conn *db, long long sample_id, int no, const char *reason, const account *who,
                   char *err, size_t errlen);

typedef struct {
	long long id;
	int no;                /* 1.. in entry order, voided ones counted */
	int step;              /* FU_* */
	char *v[FS_COUNT];     /* as text, never NULL */
	bool voided;
	char void_reason[256], voided_by[64], voided_at[24];
	char by[64], at[24];
} followup_step;

typedef enum { FC_OPEN, FC_DISPOSED, FC_OVERTURNED, FC_CLOSED } followup_state;

typedef struct {
	long long id, sample_id, producer_id; /* producer_id 0: not a registered producer */
	char sample_no[96], town[128], kind[16], producer[256], product[256], sample_date[11];
	char verdict[64];         /* the sample's: 阳性 / 不合格 / 建议送检 ... */
	bool warning;             /* opened for the warning band only */
	bool voided;              /* the sample was voided */
	char opened_at[24];
	char inhibition[32];      /* a rapid test's 抑制率 (%) as text; "" none (a strip) */
	char item[96];            /* the sample's single item (a strip's, or an older record's) */
	followup_step *steps;
	int nsteps;
	/* from followup_evaluate */
	followup_state state;
	char state_text[64];      /* 待复检 待送检确证 待确证结果 待处置 已处置 确证合格 已结案 */
	bool overdue;
	char overdue_text[128];   /* 复检逾期 (应于 2026-06-02 前) ... "" */
	char due[11];             /* the earliest deadline still running or passed; "" none */
} followup_case;

/* The case of a sample; false with err when there is none. */
bool followup_load(db_conn *db, const config *c, long long sample_id, ymd today, followup_case *fc,
                   char *err, size_t errlen);
void followup_case_free(followup_case *fc);
/* The state of sample_id's case for a column (已结案, 待复检 (复检逾期 …));
 * "" when it has none. False on a database error. */
bool followup_state_of(db_conn *db, const config *c, long long sample_id, ymd today, char *out, size_t outlen,
                       char *err, size_t errlen);
/* State and deadlines of a loaded case as of today (pure). */
void followup_evaluate(const config *c, followup_case *fc, ymd today);
/* Has the case been handled (a disposal, an overturning confirmation or
 * 结案)? 尚未处置 counts the others. */
bool followup_handled(const followup_case *fc);

typedef struct {
	bool open_only, overdue_only;
	const char *town; /* NULL: all */
	int year;         /* 0: all */
	long long producer_id; /* 0: all; else the cases linked to that producer */
	const char *from, *to; /* sampled from..to (YYYY-MM-DD); NULL: no bound */
} followup_filter;
typedef bool (*followup_case_fn)(void *ctx, const followup_case *fc);
/* Cases of valid samples in the filter (fn returns false to stop):
 * overdue first, then by deadline (the nearest first; cases with none
 * after), then the oldest sampling first, then by sample number. Township staff see their own
 * town's only. Returns how many, -1 on error. */
int followup_each(db_conn *db, const config *c, const followup_filter *flt, const account *who,
                  ymd today, followup_case_fn fn, void *ctx, char *err, size_t errlen);

/* 处置率 per unit: the 不合格/阳性 cases (not the warning band) of valid
 * samples of a year (0: all), in the units' order, then the total (the
 * last row, unit 合计). 处置率 = closed / failed (national 质量安全县
 * criteria expect 100 %). Returns the rows written (at most max), -1 on
 * error. */
typedef struct {
	char unit[128];
	long failed, closed, open, overdue;
	long opened, ended;   /* followup_tally_period: sampled / 结案 in the period */
} followup_tally;
int followup_tally_units(db_conn *db, const config *c, int year, ymd today, followup_tally *out, int max,
                         char *err, size_t errlen);
/* The same, and per unit the cases of samples taken from..to (opened)
 * and those whose 结案 is dated from..to (ended): a quarter of the
 * bulletin. Both read the maintained case states
 * (store/followup_states.h): a year's rows, not every case's steps. */
int followup_tally_period(db_conn *db, const config *c, int year, const char *from, const char *to, ymd today,
                          followup_tally *out, int max, char *err, size_t errlen);

#define FU_STEPS (FU_CLOSE + 1)
/* May step come next in this case, whatever its date and data? false
 * with the reason (nothing after 结案, 确证结果 only while a 送检确证
 * waits, 结案 only after a disposal or an overturning confirmation ...). */
bool followup_allowed(const followup_case *fc, int step, char *why, size_t whylen);
/* The step the case waits for (复检, 送检确证, 确证结果, 处置, 结案), -1
 * when it is closed or its sample voided. */
int followup_next_step(const followup_case *fc);

/* A failure confirmed by a 监督抽查: the case's own sample is one, or
 * the quantitative record that confirmed a rapid result is. The plans'
 * credit rules (A级给予扶持; B、C级重点监管; C级列入黑名单) may then lower
 * the producer's rating — asked, never done silently (the screen asks,
 * the command line says how). ref gets that record's number. */
bool followup_supervisory_failure(db_conn *db, const followup_case *fc, char *ref, size_t reflen);

/* One line for a producer's page: number, sampling date, product,
 * verdict, state and what is overdue. */
void followup_case_line(const followup_case *fc, char *out, size_t outlen);

/* A step's name for people (复检 ...); "" when out of range. */
const char *followup_step_label(int step);

#endif
