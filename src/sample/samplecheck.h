/* Rules across a sample's fields, beyond what each field's form check
 * sees: the category must fit a listed product, the stage must be one of
 * the stages, a sampling date must be plausible; and the softer questions
 * a clerk is asked before saving (a date long ago or outside the working
 * year, the same sample entered twice). No curses; the screen, the command
 * line and the import share them. */
#ifndef NJ_SAMPLECHECK_H
#define NJ_SAMPLECHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "sample/sample.h"
#include "store/db.h"

/* The stages of sampling (抽样环节) a record may name. */
extern const char *const sample_stages[];

/* Hard rules, called by sample_validate on normalised values: false with
 * the field at fault and a message saying what to type. */
bool sample_check_cross(const config *c, const sample *s, sample_error *e);

/* A valid date that still deserves a second look: more than
 * c->warn_days_back days before today, or outside the working year. True
 * with the question to ask in msg. */
bool sample_date_doubtful(const config *c, const sample *s, char *msg, size_t msglen);

/* Another valid (not voided) record with the same town, sampling date,
 * producer, product and result (抑制率; for quantitative kinds the item
 * and value) — the same paper line typed twice. s holds validated values;
 * a record with s->id is not its own duplicate. True with its sample
 * number in no; false when there is none or on a database error (err set,
 * no[0] = '\0'). */
bool sample_find_duplicate(db_conn *db, const config *c, const sample *s, char *no, size_t nolen,
                           char *err, size_t errlen);

/* The questions before a new record s is saved, in order, each through
 * ask, which says whether to go on: SAMPLE_ASK_DATE with the question
 * about a doubtful date (sample_date_doubtful), SAMPLE_ASK_SAME with the
 * number of the same record already saved (sample_find_duplicate). False
 * when ask said no. A record that is not valid is asked nothing (saving
 * says what is wrong); when looking for the same record failed, err says
 * why (else err[0] = '\0') and nothing is asked about it. */
typedef enum { SAMPLE_ASK_DATE, SAMPLE_ASK_SAME } sample_ask;
typedef bool (*sample_ask_fn)(void *ctx, sample_ask what, const char *text);
bool sample_ask_before_save(db_conn *db, const config *c, const form_def *f, const sample *s, sample_ask_fn ask,
                            void *ctx, char *err, size_t errlen);

#endif
