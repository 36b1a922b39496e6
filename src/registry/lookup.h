/* Instant producer lookup while typing: by name substring, pinyin
 * initials (zsnc finds 张三农场), credit code, ID number or phone (partial).
 *
 * The lookup lives in the database (store/search_index.h): a keystroke is
 * a few bounded index queries, checked here by the same rules as ever, so
 * nothing of the registry is held in memory and there is nothing to load.
 * A lookup_index is a connection's prepared queries and the entries of
 * the last answer; entries stay valid until the next call that returns
 * entries of the same kind (search/listed, by_id, exact). */
#ifndef NJ_LOOKUP_H
#define NJ_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct {
	long long id;
	const char *name, *town, *kind;       /* kind: its label (合作社 ...) */
	const char *village;                  /* 村(社区), "" when none: tells apart
	                                       * one town's producers of the same name */
	const char *credit_code, *id_number, *phone; /* "" when none */
	const char *listing;                  /* active listing described, or "" */
	char rating;                          /* 'A' 'B' 'C' or 0 */
	int status;                           /* PSTATUS_* (producer.h) */
} lookup_entry;

typedef struct lookup_index lookup_index;

lookup_index *lookup_load(db_conn *db, char *err, size_t errlen);
void lookup_free(lookup_index *ix);
int lookup_count(const lookup_index *ix);
/* A fresh *ix when the registry changed (or the day did: listings
 * expire), so earlier entries are not taken for current ones; cheap
 * either way. False on a database error (the old one is kept). */
bool lookup_refresh(db_conn *db, lookup_index **ix, char *err, size_t errlen);

/* How a hit matched, best first. */
enum { LM_NAME_EXACT, LM_NAME_PREFIX, LM_NAME, LM_INITIALS_PREFIX, LM_INITIALS, LM_CODE,
       LM_ID_NUMBER, LM_PHONE, LM_KINDS };

typedef struct {
	const lookup_entry *e;
	int how;                              /* LM_* */
} lookup_hit;

/* Up to max best hits for what is typed (best kind of match first, then
 * by name); returns how many were stored, and *total (may be NULL) how
 * many matched in all, or LOOKUP_MANY when there may be more than the max
 * stored and they were not counted (a key that matches a large part of
 * the registry is answered without looking at all of it). Empty input
 * matches nothing. Codes, ID numbers and phones are searched once three
 * characters (with a digit) are typed. */
#define LOOKUP_MANY (-1)
int lookup_search(lookup_index *ix, const char *typed, lookup_hit *hits, int max, int *total);

/* Every blacklisted producer (status 黑名单), by name. */
int lookup_listed(lookup_index *ix, lookup_hit *hits, int max, int *total);

const lookup_entry *lookup_by_id(lookup_index *ix, long long id);
/* Producers whose name is exactly name: fills up to max, returns count. */
int lookup_exact(lookup_index *ix, const char *name, const lookup_entry **out, int max);

/* A warning for sample entry when the producer is blacklisted or rated
 * B/C ("" when none): "警告: 该主体在黑名单中 (…)". */
void lookup_warning(const lookup_entry *e, char *out, size_t outlen);

#endif
