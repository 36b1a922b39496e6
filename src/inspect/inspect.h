/* Quarterly inspections (巡查): the 铜梁 plan's 每季度全覆盖检查 of every
 * producer in a 镇街's registry, with the checklist of forms/inspect.ini,
 * findings, a rectification order (整改) with a deadline and the later
 * re-check (回头看) that closes it. A record type on the shared record
 * core (record/inspect_table.h): saved, corrected with history and voided
 * like samples, with the same scoping (staff write their own town only)
 * and an audit row per change in the same transaction. No curses. */
#ifndef NJ_INSPECT_H
#define NJ_INSPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "base/dates.h"
#include "record/formdef.h"
#include "record/inspect_table.h"
#include "store/users.h"
#include "store/db.h"

typedef struct {
	long long id;            /* 0 until saved */
	long long producer_id;   /* 0: resolve v[IF_PRODUCER] (a number, code or name) */
	int version;
	char *v[IF_COUNT];       /* text, never NULL; codes as labels */
	bool voided;
	char void_reason[256];
	REC_STAMP_MEMBERS;
} inspection;

REC_VALUE_DECLS(inspection);
const char *inspection_value_by_key(void *ctx, const char *key);

/* Check every field (the form's rules, then the inspection's own),
 * normalising in place; resolves the producer (sets producer_id, the
 * registered name and its town). False with the first problem. */
bool inspection_validate(db_conn *db, const config *c, const form_def *f, inspection *in, rec_error *e);

/* Save a new inspection. blacklist: also list the producer (违禁物质, the
 * findings as the reason) in the same transaction (supervisors). */
bool inspection_insert(db_conn *db, const config *c, const form_def *f, inspection *in, bool blacklist,
                       const account *who, rec_error *e);
/* The saving half, for an inspection that passed inspection_validate
 * (in->producer_id as it set it: an import checks its rows before it
 * takes the write lock); the town is checked again. */
bool inspection_insert_checked(db_conn *db, inspection *in, bool blacklist, const account *who, rec_error *e);
/* Correct a saved inspection (in->id, in->version as loaded); the reason is
 * required, every changed field is kept; the producer cannot change. */
bool inspection_correct(db_conn *db, const config *c, const form_def *f, inspection *in,
                        const char *reason, const account *who, rec_error *e);
/* The re-check (回头看) of a rectification: date (NULL: today), result
 * 已整改 (closes it) or 未整改, a note, and for 未整改 a new deadline
 * (may be NULL). A correction with the reason 回头看. */
typedef struct {
	const char *date, *result, *note, *deadline;
} inspection_recheck_input;
bool inspection_recheck(db_conn *db, const config *c, const form_def *f, inspection *in,
                        const inspection_recheck_input *r, const account *who, rec_error *e);
bool inspection_void(db_conn *db, long long id, int version, const char *reason, const account *who,
                     char *err, size_t errlen);
bool inspection_load(db_conn *db, long long id, inspection *in, char *err, size_t errlen);
bool inspection_history(db_conn *db, long long id, rec_change_fn fn, void *ctx, char *err, size_t errlen);

/* The rectification's state on a day. */
typedef enum { IS_NONE, IS_OPEN, IS_OVERDUE, IS_CLOSED } inspection_state;
inspection_state inspection_rectify_state(const inspection *in, ymd today);
const char *inspection_state_text(inspection_state s); /* "" 整改中 整改逾期 已整改 */
/* How many checklist items are 不符合. */
int inspection_failed_items(const inspection *in);

/* Listing. town "" = all; from/to "" = open-ended; open/overdue: only
 * rectifications still open (overdue) on today. Newest first. */
typedef struct {
	const char *town, *from, *to;
	bool open, overdue, include_void;
	ymd today;
} inspection_filter;
typedef bool (*inspection_fn)(void *ctx, const inspection *in);
bool inspection_each(db_conn *db, const inspection_filter *flt, inspection_fn fn, void *ctx,
                     char *err, size_t errlen);

/* The label a field has in the form (f may be NULL), else its default. */
const char *inspection_label(const form_def *f, int field);
/* "符合 …": the checklist items of the form, numbered, for messages. */
void inspection_checklist_text(const form_def *f, char *out, size_t outlen);

#endif
