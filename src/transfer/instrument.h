/* The result file an enzyme reader (酶抑制法速测仪) exports: CSV in any
 * encoding Excel writes, one row per channel with at least the channel,
 * the sample's name, the inhibition %, the instrument's verdict and the
 * time. Which column is which differs by maker, so the layouts are data
 * (conf/instruments.ini, one section per model: the header row and, for
 * each of our columns, the names the file may give it). A row named 对照
 * is the control channel, not a sample.
 *
 * The file fills a run's 抑制率 by channel for the clerk to complete and
 * check before saving; it decides nothing by itself (the verdict comes
 * from the thresholds in the database, the instrument's own 结果 is only
 * compared). No curses. */
#ifndef NJ_INSTRUMENT_H
#define NJ_INSTRUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/config.h"
#include "sample/run.h"

#define INST_MAX_ROWS 96

typedef struct {
	long rowno;          /* the file's row (1 = its first line) */
	int channel;         /* from the channel cell's digits; 0: none */
	bool control;        /* the 对照 row */
	char channel_text[32], name[128], inhibition[64], result[32], time[64], delta[32];
} inst_row;

typedef struct {
	char layout[64];     /* the model whose layout read it */
	inst_row rows[INST_MAX_ROWS];
	int n;
} inst_file;

/* conf/instruments.ini beside the configuration file. */
void inst_layouts_path(const config *c, char *out, size_t outlen);
/* The names of the layouts in the file, '、'-separated (for messages). */
bool inst_layout_names(const char *layouts, char *out, size_t outlen, char *err, size_t errlen);

/* Read fp (opened "rb") with the layout named model, or with the first
 * layout whose columns the file's header has (model NULL or ""). False
 * with a message: no layout fits, a needed column is missing, too many
 * rows, a file that is not text. */
bool inst_read(FILE *fp, const char *name, const char *layouts, const char *model, inst_file *out,
               char *err, size_t errlen);

/* Fill r's 抑制率 by channel from f, and the control's ΔA0 and an empty
 * 样品名称 that is a listed product; every file row the run cannot take
 * (a channel beyond the unit's count, an inhibition that is no number
 * 0-100, a time on another day than the run's date) is a problem in p and
 * fills nothing. A file dated another day fills nothing at all. Returns
 * how many channels were filled; notes (a name differing from the
 * grid's, the instrument's verdict differing from ours) go to notes. */
int inst_fill_run(const config *c, const inst_file *f, run *r, run_problems *p, run_problems *notes);

#endif
