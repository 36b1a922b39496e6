/* The producer lookup index on PostgreSQL (issue 20 part 1). SQLite's
 * is an FTS5 table of keys (store/search_index.h: 1-3 character grams of
 * the name, every pinyin-initials reading, 3-grams of the credit code,
 * ID number and phone), each key one token. PostgreSQL gets the same
 * keys as an indexed table, producer_search_keys (k, producer_id), not
 * pg_trgm: the pinyin initials come from base/pinyin's table, which is
 * in the program and not on the server, and pg_trgm's trigrams are of
 * words of ASCII letters (it would split and fold Chinese names its own
 * way), so its results could not be the same as SQLite's. nj_search(m)
 * answers the lookup's MATCH expressions ("k1" AND "k2", and
 * (…) OR (…) of two such) with the same producers, in id order as FTS5
 * gives them:
 *   SELECT … FROM producer_search WHERE producer_search MATCH ?1
 *   → SELECT … FROM nj_search($1) s(id)
 * and producer_search(m), its rows named rowid, is the lookup's own form
 * (FROM producer_search(?1) s … s.rowid), which SQLite's FTS5 table takes
 * as a table-valued function and PostgreSQL as this function.
 * migrate-to fills it from the producers as they are; a producer added or
 * changed afterwards is queued by the generated trigger (the pending
 * queue, as on SQLite) and its keys taken out and put in by
 * search_index_sync at the commit of the same transaction. */
#ifndef NJ_PG_SEARCH_H
#define NJ_PG_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "store/db.h"
#include "store/pg.h"

/* Create the table, its function and grants, and fill it with the keys
 * of every producer of db; *keys how many rows. */
bool pg_search_build(db_conn *db, pg_conn *c, long long *keys, char *err, size_t errlen);

#endif
