/* The producer search index on disk (table producer_search, FTS5): the
 * keys a keystroke in the lookup is matched against — pieces of the name,
 * of every pinyin-initials reading of it (a polyphone gives each of its
 * initials), of the credit code, the ID number and the phone digits — so
 * that a lookup is a bounded index query shared by every process through
 * the OS page cache, not a copy of the registry in each process's memory.
 *
 * Keys are n-grams of at most three characters, each marked by the
 * column it comes from (n name, i initials, c credit code, d ID number,
 * p phone): "n张三", "izsn", "c915". Whatever the old in-memory matcher
 * accepts contains all the keys the typed text makes, so the index
 * returns every match (and a few near misses, which the lookup checks).
 *
 * Kept exact in the writer's own transaction: triggers on producers queue
 * the changed producer (with the values the index holds for it) in
 * producer_search_pending, and db_commit() calls search_index_sync()
 * before COMMIT, which rewrites their keys. A change made with another
 * tool (the sqlite3 shell) stays queued until the next save; the lookup
 * checks queued producers directly, so it is never wrong meanwhile. */
#ifndef NJ_SEARCH_INDEX_H
#define NJ_SEARCH_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include "store/db.h"

/* Key kinds: the mark each key starts with. */
enum { SK_NAME = 'n', SK_INITIALS = 'i', SK_CREDIT = 'c', SK_IDNO = 'd', SK_PHONE = 'p' };

#define SK_MAX_UNITS 120 /* characters of a name that take part in initials */

/* A growing text buffer. */
typedef struct {
	char *s;
	size_t len, cap;
} sk_buf;
void sk_buf_free(sk_buf *b);

/* All keys of one producer, space-separated, appended to out. Any of
 * the strings may be NULL. */
void search_keys(const char *name, const char *credit, const char *idno, const char *phone, sk_buf *out);

/* The readings of a name's first one and first two initials ("z", "zs",
 * a polyphone giving each of its letters), for producer_initials: the
 * names in order by how they start, so that the best few of a dense
 * initials prefix are read in order rather than searched for. Fills up to
 * max keys; returns how many. */
#define SK_PREFIX_MAX 64
int search_initial_prefixes(const char *name, char keys[][3], int max);

/* The FTS5 query (quoted keys joined by AND) that every producer whose
 * field of that kind contains text must match; appended to out. False
 * when text makes no key (nothing to search by: the caller scans). For
 * SK_INITIALS text is what was typed (ASCII letters and digits); for
 * SK_PHONE its digits. */
bool search_query(int kind, const char *text, sk_buf *out);

/* Rewrite the keys of every queued producer and empty the queue. Call
 * inside the write transaction (db_commit does). True when there is no
 * index yet (before the migration that makes it). */
bool search_index_sync(db_conn *db, char *err, size_t errlen);

/* Make the whole index again from the producers (nongjian check
 * --repair), in one transaction. */
bool search_index_rebuild(db_conn *db, char *err, size_t errlen);
/* Producers the index has (keys written or queued) and producers there
 * are: equal in a sound database. False on a database error. */
bool search_index_counts(db_conn *db, long long *indexed, long long *producers, char *err, size_t errlen);

#endif
