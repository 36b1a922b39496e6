/* A rapid-test run (按通道录入): one run of a multi-channel enzyme
 * reader, as the paper 原始记录 has it — the shared fields written once
 * (date, testing unit, kind, place, samplers, tester, instrument, time,
 * the control channel's ΔA0) and one row per channel (受检主体, 样品名称,
 * 产品类别, 抽样环节, 抑制率). A row left empty is not a record. Every row
 * is checked as a single record would be (sample_validate) and every
 * problem is reported by channel and column; the run is saved in one
 * transaction, its records numbered one after the other, or not at all.
 * No curses: the run screen and `nongjian run add` both call this. */
#ifndef NJ_RUN_H
#define NJ_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "record/formdef.h"
#include "sample/sample.h"
#include "store/users.h"
#include "store/db.h"

#define RUN_MAX_CHANNELS CONFIG_MAX_CHANNELS
#define RUN_MAX_PROBLEMS 64

/* The grid's columns, in order: sample fields. */
#define RUN_NCOLS 5
extern const int run_columns[RUN_NCOLS];
/* The run's own fields, numbered after the sample fields. */
enum { RUN_F_INSTRUMENT = SF_COUNT, RUN_F_TIME, RUN_F_CONTROL, RUN_F_END };
const char *run_field_label(int field);   /* a sample field's default label, or the run field's */
/* The run form's keys (forms/run.ini), NULL-terminated. */
extern const char *const run_form_keys[];
/* A run field named by key (instrument, run_time, control) or label; -1. */
int run_field_named(const char *name);

typedef struct {
	sample head;                      /* the shared fields (its grid columns are not used) */
	char instrument[128];             /* 仪器: model and serial number, "" none */
	char run_time[16];                /* 检测时间 HH:MM, "" none */
	char control[32];                 /* 对照 ΔA0, "" not recorded */
	char source[256];                 /* the instrument file the 抑制率 came from, "" none */
	int nrows;                        /* the unit's channels */
	sample rows[RUN_MAX_CHANNELS];    /* channel i + 1; only the grid columns are read */
	long long id;                     /* once saved: its first record's id */
	int first;                        /* once saved: the channel (0-based) of its first record */
} run;

typedef struct {
	int channel;   /* 1-based; 0: a shared field */
	int field;     /* sample field or RUN_F_*; -1: the whole run */
	char msg[512];
} run_problem;

typedef struct {
	run_problem p[RUN_MAX_PROBLEMS];
	int n;
	bool more;     /* more problems than fit */
} run_problems;

/* The method of every channel of a run (an enzyme instrument's). */
#define RUN_METHOD "酶抑制法"

void run_init(run *r, int nrows);
void run_free(run *r);
/* Set a run field (RUN_F_*) or a shared sample field. */
void run_set(run *r, int field, const char *value);
const char *run_get(const run *r, int field);
/* Is channel i (0-based) left empty? Category and stage alone (filled
 * from the product or carried down) do not make a record. */
bool run_row_empty(const run *r, int i);
/* The record channel i would save: the shared fields, then its cells
 * (an empty 抽样环节 is the run's). */
void run_row_sample(const run *r, int i, sample *out);

void run_problems_clear(run_problems *p);
void run_problem_add(run_problems *p, int channel, int field, const char *fmt, ...) NJ_PRINTF(4, 5);
/* One problem as a line: "第 3 通道 样品名称: …" or "抽样日期: …". */
void run_problem_text(const run_problem *p, char *out, size_t outlen);

/* Check everything: the run's fields, then every non-empty row against
 * the form (f) and the domain's rules, normalising values in place (a
 * picked product fills its category). False with every problem in p. */
bool run_validate(const config *c, const form_def *f, run *r, run_problems *p);
/* The questions only the clerk can answer, for a run that validates: a
 * doubtful date, two channels with the same producer and product, a row
 * equal to a saved record. True when there are any (in q). */
bool run_questions(db_conn *db, const config *c, const form_def *f, const run *r, run_problems *q,
                   char *err, size_t errlen);
/* Validate and save the run in one transaction: each non-empty
 * channel's record numbered after the previous one, its row in
 * sample_runs (the run named by its first record's number, what is
 * written once on that first row) and one audit row; or nothing (false: p has the
 * problems, or err a database failure). On success each saved row has
 * its sample_no and id and r->id is set. */
bool run_save(db_conn *db, const config *c, const form_def *f, run *r, const account *who,
              run_problems *p, char *err, size_t errlen);
/* How many records a saved (or valid) run holds. */
int run_records(const run *r);

#endif
