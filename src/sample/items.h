/* The items of a quantitative sample (例行监测, 监督抽查): each item the
 * lab reported, its value or 未检出, its unit, the limit it is judged
 * against and the verdict. The rules, in the order they decide:
 *   - 未检出 passes (whatever the substance);
 *   - a substance on the banned list (禁用, conf/banned.csv from the
 *     ministry's announcements) detected at all is 不合格 (检出禁用药物),
 *     whatever the limit;
 *   - otherwise the value above its limit is 不合格 (超标); the limit is
 *     the one typed, else the limits table's (product, then category);
 *     an item with neither is refused (say the limit);
 *   - values and limits are compared as the decimal text typed, after
 *     converting μg/kg to mg/kg by moving the point, never as rounded
 *     doubles and never across units raw (1 μg/kg is 0.001 mg/kg).
 * The sample is 不合格 when any item is. The list is written as entered:
 * 名称:值[:单位[:限量]] items separated by ； (or ;), 值 a number or 未检出
 * [(检出限)]. No curses; the screens and the command line both call this. */
#ifndef NJ_ITEMS_H
#define NJ_ITEMS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "store/db.h"

typedef struct {
	char name[96];
	char value[48];      /* normalised decimal text; "" when not detected */
	bool not_detected;   /* 未检出 */
	char lod[48];        /* its detection limit, "" when not given */
	char unit[16];       /* mg/kg or μg/kg */
	char limit[48];      /* decimal text; "" when none (a banned substance) */
	char limit_unit[16];
	const char *limit_from; /* "table", "typed" or "none" */
	char standard[256];  /* the limit's source, or the banned list's */
	bool banned;
	bool fail;
	const char *reason;  /* 超标 / 检出禁用药物 / "" */
} sample_item;

typedef struct {
	sample_item *v;
	int n;
} sample_items;

/* Parse and judge a list for a product of a category. False with a
 * Chinese message naming the item and what to do; nothing is kept then. */
bool items_parse(const config *c, const char *product, const char *category, const char *text,
                 sample_items *out, char *err, size_t errlen);
void items_free(sample_items *it);
/* Any item 不合格. */
bool items_fail(const sample_items *it);
/* The list in its canonical form (名称:值:单位[:限量] joined by ；), with
 * the limit only where it was typed. */
void items_format(const sample_items *it, char *out, size_t outlen);
/* One item as people read it: "镉 0.15 mg/kg (限量 0.05 mg/kg) 不合格 (超标)". */
void item_describe(const sample_item *i, char *out, size_t outlen);

/* The verdict in a line, naming the failing items: "不合格：镉 超标；甲胺磷
 * 检出禁用药物" or "合格 (3 项)". */
void items_verdict_line(const sample_items *it, char *out, size_t outlen);

/* Compare two non-negative decimal texts a × 10^ashift and b × 10^bshift
 * exactly: <0, 0, >0. */
int items_decimal_cmp(const char *a, int ashift, const char *b, int bshift);

/* A unit as typed (mg/kg, μg/kg and their spellings) in its canonical
 * form, with its power of ten against mg/kg; NULL when it is neither. */
const char *items_unit(const char *spelling, int *shift);

/* The rows of a record's version, inside the caller's transaction. */
bool items_write(db_conn *db, long long sample_id, int version, const sample_items *it, char *err,
                 size_t errlen);
/* A record's items as saved for its current version. */
typedef bool (*items_fn)(void *ctx, const char *sample_no, const sample_item *i);
bool items_each(db_conn *db, long long sample_id, items_fn fn, void *ctx, char *err, size_t errlen);
/* The items as saved of the records of n ids (a few queries for them
 * all, not one each): by record, then as entered; fn returns true. */
bool items_each_of(db_conn *db, const long long *ids, int n, items_fn fn, void *ctx, char *err, size_t errlen);
/* Every valid record's items of a year (0: all) for export. */
bool items_each_year(db_conn *db, int year, items_fn fn, void *ctx, char *err, size_t errlen);

#endif
