/* Credit ratings of producers (信用评级 A/B/C) with their history: each
 * change records the date, who, and the evidence or reason. The plans say
 * A gets support, B and C key supervision, C the blacklist: with
 * [credit] c_blacklist = yes a C rating opens a listing at once. Rating
 * back up does not lift a listing; lifting is its own act with a reason. */
#ifndef NJ_RATING_H
#define NJ_RATING_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "store/users.h"
#include "store/db.h"

/* 'A', 'B' or 'C' from what was typed (a/b/c, A级 ...); 0 when neither. */
char rating_parse(const char *s);

/* Rate a producer on date ("" = today; not in the future) with a reason
 * (required). *listing (may be NULL) gets the id of the blacklist listing
 * the rating opened, 0 when none. One short transaction. */
bool rating_set(db_conn *db, const config *c, long long producer_id, char rating,
                const char *date, const char *reason, const account *who,
                long long *listing, char *err, size_t errlen);

typedef struct {
	const char *on, *old_rating, *new_rating, *reason, *at, *by;
} rating_change;
typedef void (*rating_fn)(void *ctx, const rating_change *r);
/* Oldest first. */
bool rating_history(db_conn *db, long long producer_id, rating_fn fn, void *ctx,
                    char *err, size_t errlen);

#endif
