/* The program's configuration (conf/nongjian.ini) and the reference lists
 * it names (towns, products). Relative paths in the file are taken from
 * the directory the file is in. */
#ifndef NJ_CONFIG_H
#define NJ_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "base/ini.h"

typedef struct {
	char *code;   /* 12-digit division code; "" for the testing centre */
	char *name;   /* 土桥镇 */
	char *short_name; /* 土桥 (used in sample numbers) */
	char *kind;   /* 镇 / 街道 / 检测中心 */
} town_def;

typedef struct {
	char *name;
	char *category;
} product_def;

/* One row of the limits table (conf/limits.csv, kept in the database):
 * for a product, or a whole category, the most an item may contain, as
 * decimal text in its unit, and the standard and clause it comes from. */
typedef struct {
	char *product;  /* a product name or a category (蔬菜) */
	char *item;     /* 镉, 毒死蜱 */
	char *limit;    /* decimal text, as the standard writes it */
	char *unit;     /* mg/kg or μg/kg */
	char *standard; /* GB 2762-2022 4.1 表1 … */
} limit_def;

/* A substance banned outright (禁用): detected at all is 不合格. */
typedef struct {
	char *name;
	char *source; /* the announcement (第199号公告 …) */
} banned_def;

typedef struct {
	char *conf_path;
	char *db_path;
	long busy_timeout_ms;
	char *district_name, *district_code, *prefix;
	int year;                 /* working year (resolved: never 0) */
	int warn_days_back;       /* a sampling date further back asks first */
	double positive, warn;    /* rapid-test thresholds, percent */
	char *number_format;
	int seq_width;
	char *forms_dir;
	town_def *towns;          /* the centre first, then the towns */
	int ntowns;
	product_def *products;
	int nproducts;
	limit_def *limits;
	int nlimits;
	banned_def *banned;
	int nbanned;
	/* Yearly targets: rapid tests per unit (key units get rapid_key),
	 * district quantitative tests (done by the centre), pass-rate goal. */
	long rapid_default, rapid_key;
	char **key_units;
	int nkey_units;
	long supervisory, routine, inputs;
	double pass_goal;
	/* Credit rules ([credit]): a C rating opens a blacklist listing. */
	bool c_blacklist;
	/* 检打联动 ([followup]): open a case for the warning band too;
	 * deadlines in days (retest after sampling, confirmation result after
	 * sampling, disposal after the confirmation). */
	bool fu_open_on_warning;
	long fu_retest_days, fu_confirm_days, fu_dispose_days;
	/* 限用农药实名购买 ([sale]): the most one sale may be (in its own
	 * unit: kg, L, 瓶 ...); whether an attempt to sell a 禁用 pesticide
	 * is written to the audit trail for the supervisors. */
	double sale_max_quantity;
	bool sale_flag_banned;
	/* 食用农产品合格证 ([certificate]): the most certificates one
	 * producer's month may count; 农业品牌 ([brand]): the district's
	 * target of new 两品一标 this year (the 铜梁 plan: 20), 0 none. */
	long cert_max_month, brand_target;
	/* [numbering] offline: units numbered by an offline PC for now
	 * (transfer/bundle.h); no new record of theirs is numbered here. */
	char **offline_units;
	int noffline_units;
	/* 按通道录入 ([run]): channels of a testing unit's enzyme reader,
	 * the default and per unit ("土桥镇:12|区检测中心:16"). */
	int run_channels;
	char *run_unit_channels;
	/* The quarterly bulletin's header: district.kind (县/区/市/旗, by
	 * default from the name), bulletin.issuer (发文单位, by default the
	 * district), bulletin.period (last: a bulletin without --quarter is
	 * the last finished quarter's; current: the quarter so far). */
	char *district_kind, *bulletin_issuer;
	bool bulletin_last_quarter;
	/* 农业投入品 ([tolerance]): how far below its labelled content an
	 * active ingredient may be measured (percentage points, %) before the
	 * product is 不合格 (含量不足), per type in config_input_types' order;
	 * normalised decimal text, "" while the admin has not set it (no
	 * default is shipped: no clause was verified for one). */
	char tolerance[4][32];
} config;

/* The 农业投入品 types (产品类别): 农药, 肥料, 兽药, 饲料, NULL-terminated,
 * and their [tolerance] keys (pesticide, fertilizer, vet_drug, feed). */
extern const char *const config_input_types[];
extern const char *const config_tolerance_keys[];
/* The tolerance text of an input type: NULL when category is not one,
 * "" while unset. */
const char *config_tolerance(const config *c, const char *category);
/* Its key in [tolerance] (tolerance.<key> for settings set); "" when none. */
const char *config_tolerance_key(const char *category);

/* Which file to read: explicit, then $NONGJIAN_CONF, ./conf/nongjian.ini,
 * /etc/nongjian/nongjian.ini. Returns NULL (with err) when none exists. */
const char *config_locate(const char *explicit_path, char *err, size_t errlen);

/* Load and check everything; NULL with a message naming file/line/key. */
config *config_load(const char *path, char *err, size_t errlen);
/* Only what a user's own file may say: where the database is, how long
 * to wait for it, where the forms are (read by init only). The rules come
 * from the database (app/settings.h); the file's are not even read. */
config *config_load_client(const char *path, char *err, size_t errlen);
void config_free(config *c);

/* The rules part of a configuration (district, working year, rapid-test
 * thresholds, numbering, targets, credit), read from f with the checks
 * and messages of config_load: from the file at init and settings load,
 * from the database (an in-memory ini) every other time. The towns must
 * be in c already (key_units are checked against them). */
bool config_rules(config *c, const ini *f, char *err, size_t errlen);
/* True when unit_name's records are numbered elsewhere (numbering.offline). */
bool config_numbered_offline(const config *c, const char *unit_name);
/* The rule keys as "section.key", NULL-terminated. */
extern const char *const config_rule_keys[];
/* The unit and product lists, filled from the database. */
void config_clear_lists(config *c);
void config_add_town(config *c, const char *code, const char *name, const char *short_name,
                     const char *kind);
void config_add_product(config *c, const char *name, const char *category);
void config_add_limit(config *c, const char *product, const char *item, const char *limit, const char *unit,
                      const char *standard);
void config_add_banned(config *c, const char *name, const char *source);
/* The limit of an item in a product: the product's own row, else its
 * category's; NULL when the table has none. */
const limit_def *config_limit(const config *c, const char *product, const char *category, const char *item);
const banned_def *config_banned(const config *c, const char *name);

const town_def *config_town(const config *c, const char *name);
const product_def *config_product(const config *c, const char *name);
/* The configured default yearly target of a unit for a test kind
 * (KIND_* from kinds.h); quantitative targets belong to the centre. */
long config_default_target(const config *c, const char *unit_name, int kind);

/* The channels of a unit's reader (run.unit_channels, else run.channels). */
int config_run_channels(const config *c, const char *unit_name);
#define CONFIG_MAX_CHANNELS 48

/* "土桥镇" -> "土桥": drop a trailing 镇/乡/街道. */
void config_short_name(const char *name, char *out, size_t outlen);

#endif
