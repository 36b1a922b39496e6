/* New sampling records put aside before they are saved: how an import
 * keeps the write lock for a moment instead of for the whole file.
 *
 * While the file is checked (no write lock: other users go on saving)
 * each valid record is written to a temporary table of this connection
 * (temp.sample_stage, in SQLite's temporary file: memory stays bounded
 * whatever the file's size), in the stored form of samples, with its
 * number's template and its place among its town's and year's records.
 * Then, inside the caller's one short write transaction, sample_stage_save
 * numbers them from the counters as they are at that moment (gap-free, in
 * file order per town and year) and copies them into samples with one
 * INSERT … SELECT: all of a file's records or none, as one transaction.
 *
 * Records other users saved between the check and the save are looked at
 * then: a staged record with the 外部编号 of one of them, or equal in every
 * field to one of them (one staged record per such record), is already
 * present and is left out, as it would have been had it been there
 * before. No curses. */
#ifndef NJ_SAMPLE_STAGE_H
#define NJ_SAMPLE_STAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "sample/sample.h"
#include "store/users.h"
#include "store/db.h"

typedef struct sample_stage sample_stage;

/* The staging tables (temp.sample_stage), empty; NULL with err on a
 * database failure. */
sample_stage *sample_stage_open(db_conn *db, const config *c, char *err, size_t errlen);
/* Drops the staging tables; g may be NULL. */
void sample_stage_close(sample_stage *g);

typedef enum { STAGE_ADDED, STAGE_TWICE, STAGE_FAILED } stage_result;
/* Put aside one record that passed sample_validate and the caller's
 * checks (town allowed, not already present) for the unit of its town.
 * s->ext_no, when set, must be unique in the stage: STAGE_TWICE when an
 * earlier record of the same file has it. void_reason: saved voided (作废)
 * with that reason; NULL: valid. STAGE_FAILED: err says why (database). */
stage_result sample_stage_add(sample_stage *g, const sample *s, long long unit, const char *void_reason,
                              char *err, size_t errlen);
/* Records put aside (and not dropped by sample_stage_save). */
long sample_stage_count(const sample_stage *g);

/* Inside the caller's write transaction: leave out what others saved
 * since the check began (records after seen_max_id: *late_present counts
 * them), number and copy the rest into samples, move the counters on,
 * void the voided ones. False on a database failure (err): the caller
 * rolls back the whole transaction. */
bool sample_stage_save(sample_stage *g, long long seen_max_id, const account *who, long *late_present,
                       char *err, size_t errlen);

#endif
