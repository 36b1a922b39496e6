/* 农业品牌: a producer's certifications with their dates — 两品一标
 * (绿色食品, 有机农产品, 农产品地理标志), 名特优新农产品 and 良好农业规范.
 * The 铜梁 plan asks the district for 20 new 两品一标 a year (the admin's
 * rule brand.target); coverage counts the new ones per 镇街. An entry is
 * never changed: one made in error is voided with its reason. Staff enter
 * their own town's producers only. No curses. */
#ifndef NJ_BRAND_H
#define NJ_BRAND_H

#include <stdbool.h>
#include <stddef.h>

#include "store/users.h"
#include "store/db.h"

/* The kinds as stored, in this order; the first BRAND_TWO are 两品一标. */
extern const char *const brand_kinds[];
#define BRAND_TWO 3

/* A kind as people write it (绿色, 有机, 地理标志, 名特优新, GAP …) → its
 * stored name, NULL when unknown. */
const char *brand_kind(const char *typed);
bool brand_is_two(const char *kind);

typedef struct {
	const char *producer;   /* registry number, code or exact name */
	const char *kind;       /* as typed */
	const char *granted;    /* 获证日期, not in the future */
	const char *expires;    /* 有效期至, may be NULL/"": not before granted */
	const char *product;    /* the certified product, may be NULL */
	const char *cert_no;    /* 证书编号, may be NULL */
} brand_input;

/* Check and save; *id the new entry's number. Audited. The same
 * certificate (producer, kind, number, or without a number the same
 * day) is refused a second time. */
bool brand_add(db_conn *db, const brand_input *in, const account *who, long long *id, char *err, size_t errlen);
bool brand_void(db_conn *db, long long id, const char *reason, const account *who, char *err, size_t errlen);

typedef struct {
	long long id, producer_id;
	const char *town, *producer, *kind, *product, *cert_no, *granted, *expires, *void_reason;
	bool voided;
} brand_row;
typedef bool (*brand_fn)(void *ctx, const brand_row *b);
/* Entries granted in year (0: all), of town ("" all), by town, date; voided
 * ones only when with_void. */
bool brand_each(db_conn *db, int year, const char *town, bool with_void, brand_fn fn, void *ctx, char *err,
                size_t errlen);

/* The district's yearly target of new 两品一标 (rule brand.target), 0: none. */
long brand_target(db_conn *db);

#endif
