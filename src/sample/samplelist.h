/* Browsing records a screenful at a time, newest first, with filters.
 * Keyset paging on (sample_date, id): each page is one short indexed
 * query whose statement is finished at once, so a long browse never holds
 * a read transaction open (that would starve WAL checkpoints). */
#ifndef NJ_SAMPLELIST_H
#define NJ_SAMPLELIST_H

#include <stdbool.h>
#include <stddef.h>
#include "store/db.h"

typedef struct {
	char date_from[11], date_to[11];  /* "" = open */
	char town[64];                    /* full name, "" = all */
	char product[64];                 /* substring, "" = all */
	char number[64];                  /* part of the sample number, "" = all */
	int verdict;                      /* 0 all, 1 合格, 2 不合格 */
	bool include_void;
} sample_filter;

typedef struct {
	long long id;
	char sample_no[96];
	char date[11];
	char town[64];
	char kind[16];
	char product[96];
	char producer[128];
	char result[80];                  /* inhibition % or value/limit */
	bool fail, flag, voided;
} sample_row;

/* Keys of the filter form (forms/filter.ini), NULL-terminated. */
extern const char *const samplelist_filter_keys[];
/* Set one filter condition from its form value; false with a message
 * when the value is not acceptable. */
bool samplelist_filter_set(sample_filter *f, const char *key, const char *value,
                           char *err, size_t errlen);
/* The value a filter condition shows in the form. */
void samplelist_filter_get(const sample_filter *f, const char *key, char *out, size_t outlen);

/* Rows strictly older (dir > 0) or newer (dir < 0) than the anchor, in
 * display order (newest first). No anchor (anchor_id == 0): the newest
 * page (dir > 0) or the oldest page (dir < 0). Returns rows or -1. */
int samplelist_page(db_conn *db, const sample_filter *f, const char *anchor_date,
                    long long anchor_id, int dir, sample_row *rows, int max,
                    char *err, size_t errlen);
long samplelist_count(db_conn *db, const sample_filter *f, char *err, size_t errlen);
/* Valid records login entered on day (YYYY-MM-DD, by entry time, not by
 * sampling date); -1 on error. */
long samplelist_count_entered(db_conn *db, const char *login, const char *day,
                              char *err, size_t errlen);

#endif
