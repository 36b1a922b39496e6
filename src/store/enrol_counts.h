/* 追溯 enrolment and the 合格证 trial list per unit, maintained like the
 * other coverage summaries (store/coverage_counts.h) so that a report
 * reads a few rows per town: producer_enrol_months counts the producers
 * of a unit in 追溯 (kind 1) or in the trial list (kind 2) by the month
 * of their enrolment date ('0000-00' for a flag without one, as a form
 * from before the dates leaves it) and the month they entered the
 * registry (CV_START: 登记日期, else the day of entry here). Triggers on producers keep it exact; `nongjian check`
 * recounts it and --repair rebuilds it. */
#ifndef NJ_ENROL_COUNTS_H
#define NJ_ENROL_COUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include "store/db.h"

#define EN_TRACED "1"
#define EN_TRIAL "2"

/* The table, filled from the registry, and its triggers (a migration,
 * after the one adding the dates). */
extern const char enrol_migration_sql[];
/* Migration 28: its triggers and rows again, by the registry day of
 * CV_START (登记日期 when given) instead of the day of entry. */
extern const char enrol_registered_sql[];

/* How many rows differ from a recount (0: exact). */
bool enrol_counts_verify(db_conn *db, long *differ, char *err, size_t errlen);
bool enrol_counts_rebuild(db_conn *db, char *err, size_t errlen);

#endif
