/* Instant producer lookup while typing: by name substring, pinyin
 * initials (zsnc finds 张三农场), credit code, ID number or phone (partial).
 *
 * The registry is read once into a compact in-memory index (names,
 * initials, codes, status); each keystroke is then one pass over it with
 * no database work. The index knows the registry generation it was built
 * from (meta registry_gen, bumped by triggers on every write) and the day,
 * so lookup_refresh() reloads it only when something changed. */
#ifndef NJ_LOOKUP_H
#define NJ_LOOKUP_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	long long id;
	const char *name, *town, *kind;       /* kind: its label (合作社 ...) */
	const char *credit_code, *id_number, *phone; /* "" when none */
	const char *listing;                  /* active listing described, or "" */
	char rating;                          /* 'A' 'B' 'C' or 0 */
	int status;                           /* PSTATUS_* (producer.h) */
	uint32_t units_off;                   /* pinyin units (internal) */
	uint16_t nunits;
} lookup_entry;

typedef struct lookup_index lookup_index;

lookup_index *lookup_load(sqlite3 *db, char *err, size_t errlen);
void lookup_free(lookup_index *ix);
int lookup_count(const lookup_index *ix);
/* Reload *ix when the registry changed (or the day did: listings
 * expire). False on a database error (the old index is kept). */
bool lookup_refresh(sqlite3 *db, lookup_index **ix, char *err, size_t errlen);

/* How a hit matched, best first. */
enum { LM_NAME_EXACT, LM_NAME_PREFIX, LM_NAME, LM_INITIALS_PREFIX, LM_INITIALS, LM_CODE,
       LM_ID_NUMBER, LM_PHONE, LM_KINDS };

typedef struct {
	const lookup_entry *e;
	int how;                              /* LM_* */
} lookup_hit;

/* Up to max best hits for what is typed (best kind of match first, then
 * by name); returns how many were stored, and *total (may be NULL) how
 * many matched in all. Empty input matches nothing. Codes, ID numbers and
 * phones are searched once three characters (with a digit) are typed. */
int lookup_search(const lookup_index *ix, const char *typed, lookup_hit *hits, int max, int *total);

/* Every blacklisted producer (status 黑名单), by name. */
int lookup_listed(const lookup_index *ix, lookup_hit *hits, int max, int *total);

const lookup_entry *lookup_by_id(const lookup_index *ix, long long id);
/* Producers whose name is exactly name: fills up to max, returns count. */
int lookup_exact(const lookup_index *ix, const char *name, const lookup_entry **out, int max);

/* A warning for sample entry when the producer is blacklisted or rated
 * B/C ("" when none): "警告: 该主体在黑名单中 (…)". */
void lookup_warning(const lookup_entry *e, char *out, size_t outlen);

#endif
