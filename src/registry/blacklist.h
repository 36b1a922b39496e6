/* The blacklist (黑名单): listings of producers with the reason, since
 * when, who added them and an optional expiry; lifting records when, who
 * and why. Nothing is deleted: a producer's listings stay visible as its
 * history. A listing is active while not lifted and not expired. */
#ifndef NJ_BLACKLIST_H
#define NJ_BLACKLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "store/users.h"
#include <stdio.h>
#include "store/db.h"

enum { BL_RATING_C, BL_FAILED_CHECK, BL_BANNED, BL_CASE, BL_OTHER, BL_KIND_COUNT };
const char *blacklist_kind_label(int k);   /* C评级 监督抽查不合格 违禁物质 立案查处 其他 */
const char *blacklist_kind_code(int k);    /* as stored */
/* From a label, a stored code or its number 1-5; -1 when unknown. */
int blacklist_kind_parse(const char *s);
int blacklist_kind_from_code(const char *code);

typedef struct {
	long long id, producer_id, rating_id;
	int kind;
	char detail[512];
	char since[11], expires[11];      /* expires "" = none */
	char added_at[24], added_by[64];
	char lifted_at[24], lifted_by[64], lift_reason[512]; /* "" while not lifted */
	bool active;                      /* not lifted and not expired today */
	/* Filled by blacklist_each_active: */
	char name[256], town[64];
} blacklist_entry;

/* List a producer. since: YYYY-MM-DD ("" = today), expires "" = none.
 * Refused when the producer already has an active listing. rating_id links
 * the listing to the rating that caused it (0: none). Uses its own short
 * transaction, or a savepoint inside the caller's. Returns the new id, 0
 * on failure. */
long long blacklist_add(db_conn *db, long long producer_id, int kind, const char *detail,
                        const char *since, const char *expires, long long rating_id,
                        const account *who, char *err, size_t errlen);
/* Lift every open listing of a producer with the reason. Refused when it
 * has none. *lifted (may be NULL) gets how many. */
bool blacklist_lift(db_conn *db, long long producer_id, const char *reason, const account *who,
                    int *lifted, char *err, size_t errlen);
/* The producer's active listing (the newest), if any: true and *out. */
bool blacklist_active(db_conn *db, long long producer_id, blacklist_entry *out);

typedef bool (*blacklist_fn)(void *ctx, const blacklist_entry *e);
/* Every listing of one producer, oldest first (the history). */
bool blacklist_history(db_conn *db, long long producer_id, blacklist_fn fn, void *ctx,
                       char *err, size_t errlen);
/* Every active listing with the producer's name and town, by town, name. */
bool blacklist_each_active(db_conn *db, blacklist_fn fn, void *ctx, char *err, size_t errlen);

/* Short description of a listing: "C评级: 理由 (2026-06-01 起, 至 2027-06-01)". */
void blacklist_describe(const blacklist_entry *e, char *out, size_t outlen);

#endif
