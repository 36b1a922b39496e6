#include "base/config.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/err.h"
#include "base/csvfile.h"
#include "base/dates.h"
#include "base/ini.h"
#include "base/kinds.h"
#include "base/number.h"
#include "base/privilege.h"
#include "base/text.h"

/* A setgid install reads only the system file, and only if no login
 * can have written it: root's, not writable by group or others. */
static const char *system_config(char *err, size_t errlen)
{
	struct stat sb;
	if (stat(PRIV_CONFIG, &sb) != 0) {
		snprintf(err, errlen, "找不到系统配置文件 %s: %s。请管理员 (root) 重新运行 make install",
		         PRIV_CONFIG, err_reason(errno));
		return NULL;
	}
	if (sb.st_uid != 0 || (sb.st_mode & (S_IWGRP | S_IWOTH))) {
		snprintf(err, errlen, "系统配置文件 %s 必须属于 root 且只有 root 可写 (现在: 属主 %ld, 权限 %03o)。"
		         "请 root 运行: chown root %s && chmod 644 %s", PRIV_CONFIG, (long)sb.st_uid,
		         (unsigned)(sb.st_mode & 0777), PRIV_CONFIG, PRIV_CONFIG);
		return NULL;
	}
	return PRIV_CONFIG;
}

const char *config_locate(const char *explicit_path, char *err, size_t errlen)
{
	if (priv_setgid())
		return system_config(err, errlen);
	if (explicit_path)
		return explicit_path;
	const char *env = getenv("NONGJIAN_CONF");
	if (env && *env)
		return env;
	static const char *candidates[] = {"conf/nongjian.ini", PRIV_CONFIG};
	for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++)
		if (access(candidates[i], R_OK) == 0)
			return candidates[i];
	snprintf(err, errlen,
	         "找不到配置文件: 依次查找了 --config、$NONGJIAN_CONF、./conf/nongjian.ini、"
	         "/etc/nongjian/nongjian.ini。请用 --config 指定配置文件。");
	return NULL;
}

/* Resolve p against the directory of the config file unless absolute. */
static char *resolve(const char *conf_path, const char *p)
{
	if (p[0] == '/')
		return xstrdup(p);
	char *copy = xstrdup(conf_path);
	const char *dir = dirname(copy);
	size_t n = strlen(dir) + strlen(p) + 2;
	char *out = xcalloc(n, 1);
	snprintf(out, n, "%s/%s", dir, p);
	free(copy);
	return out;
}

void config_short_name(const char *name, char *out, size_t outlen)
{
	static const char *suffixes[] = {"街道", "镇", "乡"};
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		size_t sl = strlen(suffixes[i]);
		if (n > sl && strcmp(name + n - sl, suffixes[i]) == 0) {
			snprintf(out, outlen, "%.*s", (int)(n - sl), name);
			return;
		}
	}
	snprintf(out, outlen, "%s", name);
}

void config_add_town(config *c, const char *code, const char *name, const char *short_name,
                     const char *kind)
{
	c->towns = xreallocarray(c->towns, (size_t)c->ntowns + 1, sizeof *c->towns);
	c->towns[c->ntowns++] = (town_def){.code = xstrdup(code), .name = xstrdup(name),
	                                   .short_name = xstrdup(short_name), .kind = xstrdup(kind)};
}

/* Columns of a reference list, found by header name. */
typedef struct list_reader {
	config *c;
	const char *path;
	int col[5];
	const char *names[5];
	int ncols;
	/* One row after the header, blank lines skipped (list_row). */
	bool (*row)(struct list_reader *lr, int rowno, char **f, int n, char *err, size_t errlen);
} list_reader;

static bool header(list_reader *lr, char **f, int n, char *err, size_t errlen)
{
	for (int k = 0; k < lr->ncols; k++) {
		lr->col[k] = -1;
		for (int i = 0; i < n; i++)
			if (strcmp(text_trim(f[i]), lr->names[k]) == 0)
				lr->col[k] = i;
		if (lr->col[k] < 0) {
			snprintf(err, errlen, "%s 第 1 行: 缺少列 %s", lr->path, lr->names[k]);
			return false;
		}
	}
	return true;
}

static const char *cell(list_reader *lr, char **f, int n, int k)
{
	int i = lr->col[k];
	return i < n ? text_trim(f[i]) : "";
}

/* A row of a list file: the header (the columns found by name), a
 * blank line skipped, or the list's own row. */
static bool list_row(void *ctx, int rowno, char **f, int n, char *err, size_t errlen)
{
	list_reader *lr = ctx;
	if (rowno == 1)
		return header(lr, f, n, err, errlen);
	if (n == 1 && f[0][0] == '\0')
		return true; /* blank line */
	return lr->row(lr, rowno, f, n, err, errlen);
}

static bool town_row(list_reader *lr, int rowno, char **f, int n, char *err, size_t errlen)
{
	const char *code = cell(lr, f, n, 0), *name = cell(lr, f, n, 1), *kind = cell(lr, f, n, 2);
	const char *bad = text_check(name);
	if (!*name || bad) {
		snprintf(err, errlen, "%s 第 %d 行: 镇街名称%s", lr->path, rowno, *name ? bad : "为空");
		return false;
	}
	if (config_town(lr->c, name)) {
		snprintf(err, errlen, "%s 第 %d 行: 镇街 %s 重复", lr->path, rowno, name);
		return false;
	}
	char short_name[64];
	config_short_name(name, short_name, sizeof short_name);
	config_add_town(lr->c, code, name, short_name, kind);
	return true;
}


static bool product_row(list_reader *lr, int rowno, char **f, int n, char *err, size_t errlen)
{
	const char *name = cell(lr, f, n, 0), *cat = cell(lr, f, n, 1);
	if (!*name || !*cat || text_check(name) || text_check(cat)) {
		snprintf(err, errlen, "%s 第 %d 行: 产品名称或类别为空或含有非法字符", lr->path, rowno);
		return false;
	}
	config_add_product(lr->c, name, cat);
	return true;
}

/* conf/limits.csv: product,item,limit,unit,standard. A limit is a
 * non-negative decimal; the unit one the verdict can convert. */
static bool limit_row(list_reader *lr, int rowno, char **f, int n, char *err, size_t errlen)
{
	const char *v[5];
	for (int k = 0; k < 5; k++) {
		v[k] = cell(lr, f, n, k);
		if (!*v[k] || text_check(v[k])) {
			snprintf(err, errlen, "%s 第 %d 行: %s 为空或含有非法字符", lr->path, rowno, lr->names[k]);
			return false;
		}
	}
	char *end;
	double x = strtod(v[2], &end);
	if (*end || !(x >= 0)) {
		snprintf(err, errlen, "%s 第 %d 行: 限量 \"%s\" 不是非负数", lr->path, rowno, v[2]);
		return false;
	}
	if (strcmp(v[3], "mg/kg") != 0 && strcmp(v[3], "μg/kg") != 0) {
		snprintf(err, errlen, "%s 第 %d 行: 单位 \"%s\" 应为 mg/kg 或 μg/kg", lr->path, rowno, v[3]);
		return false;
	}
	if (config_limit(lr->c, v[0], "", v[1]) && strcmp(config_limit(lr->c, v[0], "", v[1])->product, v[0]) == 0) {
		snprintf(err, errlen, "%s 第 %d 行: %s 的 %s 限量重复", lr->path, rowno, v[0], v[1]);
		return false;
	}
	config_add_limit(lr->c, v[0], v[1], v[2], v[3], v[4]);
	return true;
}

/* conf/banned.csv: name,source. */
static bool banned_row(list_reader *lr, int rowno, char **f, int n, char *err, size_t errlen)
{
	const char *name = cell(lr, f, n, 0), *src = cell(lr, f, n, 1);
	if (!*name || text_check(name) || text_check(src)) {
		snprintf(err, errlen, "%s 第 %d 行: 名称为空或含有非法字符", lr->path, rowno);
		return false;
	}
	config_add_banned(lr->c, name, src);
	return true;
}

/* An optional list named in [paths]: read when the key is there. */
static bool read_list(const char *path, const ini *f, const char *key, list_reader *lr, char *err, size_t errlen)
{
	const char *name = ini_str(f, "paths", key, NULL);
	if (!name || !*name)
		return true;
	char *p = resolve(path, name);
	lr->path = p;
	bool ok = csvfile_read(p, list_row, lr, err, errlen);
	free(p);
	return ok;
}

/* A required string value; false with a message if absent/empty/bad. */
static bool need(const ini *f, const char *sec, const char *key, char **out, char *err, size_t errlen)
{
	const char *v = ini_str(f, sec, key, NULL);
	const char *bad = v ? text_check(v) : NULL;
	if (!v || !*v || bad) {
		snprintf(err, errlen, "配置文件 %s: [%s] %s %s", ini_path(f), sec, key,
		         !v ? "缺失，请补上" : !*v ? "不能为空" : bad);
		if (v && ini_line(f, sec, key)) {
			char where[600];
			ini_where(f, sec, key, where, sizeof where);
			snprintf(err, errlen, "%s: %s", where, !*v ? "不能为空" : bad);
		}
		return false;
	}
	*out = xstrdup(v);
	return true;
}

const char *const config_rule_keys[] = {
	"district.name", "district.code", "district.prefix", "work.year", "work.warn_days_back",
	"rapid.positive", "rapid.warn", "numbering.format", "numbering.seq_width",
	"targets.rapid_default", "targets.rapid_key", "targets.key_units",
	"targets.supervisory", "targets.routine", "targets.inputs", "targets.pass_goal",
	"credit.c_blacklist", "followup.open_on_warning", "followup.retest_days",
	"followup.confirm_days", "followup.dispose_days", "sale.max_quantity", "sale.flag_banned",
	"numbering.offline", "run.channels", "run.unit_channels", "district.kind", "bulletin.issuer",
	"bulletin.period", "certificate.max_month", "brand.target", "tolerance.pesticide",
	"tolerance.fertilizer", "tolerance.vet_drug", "tolerance.feed", NULL,
};

const char *const config_input_types[] = {"农药", "肥料", "兽药", "饲料", NULL};
const char *const config_tolerance_keys[] = {"pesticide", "fertilizer", "vet_drug", "feed", NULL};

const char *config_tolerance(const config *c, const char *category)
{
	for (int i = 0; config_input_types[i]; i++)
		if (strcmp(category, config_input_types[i]) == 0)
			return c->tolerance[i];
	return NULL;
}


static void free_unit_list(char ***list, int *n)
{
	for (int i = 0; i < *n; i++)
		free((*list)[i]);
	free(*list);
	*list = NULL;
	*n = 0;
}

static void free_key_units(config *c)
{
	free_unit_list(&c->key_units, &c->nkey_units);
	free_unit_list(&c->offline_units, &c->noffline_units);
}

/* A "|"-separated list of unit names (targets.key_units,
 * numbering.offline), each one of c's towns, by its full name. */
static bool unit_list(config *c, const ini *f, const char *sec, const char *key, char ***list, int *n,
                      char *err, size_t errlen)
{
	char *copy = xstrdup(ini_str(f, sec, key, "")), *save = NULL;
	bool ok = true;
	for (char *tok = strtok_r(copy, "|", &save); ok && tok; tok = strtok_r(NULL, "|", &save)) {
		text_trim(tok);
		if (!*tok)
			continue;
		if (!config_town(c, tok)) {
			char where[600];
			ini_where(f, sec, key, where, sizeof where);
			snprintf(err, errlen, "%s: 单位 \"%s\" 不在镇街名单中", where, tok);
			ok = false;
			break;
		}
		char **grown = realloc(*list, (size_t)(*n + 1) * sizeof *grown);
		if (!grown)
			abort();
		*list = grown;
		(*list)[(*n)++] = xstrdup(config_town(c, tok)->name);
	}
	free(copy);
	return ok;
}

/* Each "unit:count" of a run.unit_channels list (text_trim'd, '|'
 * between them); fn returns false to stop. */
static bool each_unit_channels(const char *list, bool (*fn)(void *ctx, const char *unit, const char *count),
                               void *ctx)
{
	char *copy = xstrdup(list ? list : ""), *save = NULL;
	bool go = true;
	for (char *tok = strtok_r(copy, "|", &save); go && tok; tok = strtok_r(NULL, "|", &save)) {
		char *colon = strrchr(tok, ':');
		if (colon)
			*colon++ = '\0';
		text_trim(tok);
		if (*tok || colon)
			go = fn(ctx, tok, colon ? text_trim(colon) : "");
	}
	free(copy);
	return go;
}

static long channel_count(const char *s)
{
	char *end;
	errno = 0;
	long n = strtol(s, &end, 10);
	return errno || end == s || *end || n < 1 || n > CONFIG_MAX_CHANNELS ? -1 : n;
}

typedef struct {
	const config *c;
	const char *unit; /* looking up: this unit's count */
	long found;
	char *bad;        /* checking: the first bad entry */
	size_t badlen;
} channels_walk;

static bool check_unit_channels(void *ctx, const char *unit, const char *count)
{
	channels_walk *w = ctx;
	if (!config_town(w->c, unit))
		snprintf(w->bad, w->badlen, "单位 \"%s\" 不在镇街名单中", unit);
	else if (channel_count(count) < 0)
		snprintf(w->bad, w->badlen, "%s 的通道数 \"%s\" 应为 1 到 %d 的整数，写作 单位:通道数", unit, count,
		         CONFIG_MAX_CHANNELS);
	return !*w->bad;
}

static bool find_unit_channels(void *ctx, const char *unit, const char *count)
{
	channels_walk *w = ctx;
	const town_def *t = config_town(w->c, unit);
	if (t && strcmp(t->name, w->unit) == 0)
		w->found = channel_count(count);
	return w->found <= 0;
}

int config_run_channels(const config *c, const char *unit_name)
{
	channels_walk w = {.c = c, .unit = unit_name ? unit_name : "", .found = -1};
	each_unit_channels(c->run_unit_channels, find_unit_channels, &w);
	return w.found > 0 ? (int)w.found : c->run_channels > 0 ? c->run_channels : 9;
}

/* The one-character word a district calls its own level by: 县 (阳西县),
 * 区 (铜梁区), 市 (a county-level city), 旗; "" when the name ends in
 * none of them. */
static const char *level_of_name(const char *name)
{
	static const char *const words[] = {"县", "区", "市", "旗"};
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		size_t w = strlen(words[i]);
		if (n >= w && strcmp(name + n - w, words[i]) == 0)
			return words[i];
	}
	return "";
}

static bool bad_value(const ini *f, const char *sec, const char *key, const char *why, char *err, size_t errlen)
{
	char where[600];
	ini_where(f, sec, key, where, sizeof where);
	snprintf(err, errlen, "%s: %s", where, why);
	return false;
}

/* [district] kind and [bulletin]: the words of the quarterly bulletin's
 * header — the district's level (县 or 区: 县级/区级 tasks; by default
 * the last character of its name), the issuing body (发文单位; by
 * default the district itself) and which quarter it covers when none is
 * asked for (current: the quarter so far; last: the last finished one,
 * what is sent in the first days of the next). */
static bool bulletin_rules(config *c, const ini *f, char *err, size_t errlen)
{
	free(c->district_kind);
	free(c->bulletin_issuer);
	c->district_kind = c->bulletin_issuer = NULL;
	const char *kind = ini_str(f, "district", "kind", "");
	if (!*kind)
		kind = *level_of_name(c->district_name) ? level_of_name(c->district_name) : "县";
	else if (strcmp(kind, level_of_name(kind)) != 0)
		return bad_value(f, "district", "kind", "辖区类别应为 县、区、市 或 旗", err, errlen);
	c->district_kind = xstrdup(kind);
	const char *issuer = ini_str(f, "bulletin", "issuer", "");
	const char *bad = text_check(issuer);
	if (bad)
		return bad_value(f, "bulletin", "issuer", bad, err, errlen);
	if (text_cols(issuer) > 60)
		return bad_value(f, "bulletin", "issuer", "发文单位最多 30 个汉字", err, errlen);
	c->bulletin_issuer = xstrdup(*issuer ? issuer : c->district_name);
	const char *period = ini_str(f, "bulletin", "period", "current");
	if (strcmp(period, "current") == 0)
		c->bulletin_last_quarter = false;
	else if (strcmp(period, "last") == 0)
		c->bulletin_last_quarter = true;
	else
		return bad_value(f, "bulletin", "period", "通报时段应为 current (本季度至今) 或 last (上一个完整季度)", err,
		                 errlen);
	return true;
}

/* [run]: how many channels the township rooms' enzyme readers have (the
 * 阳西 plan asks for 9 or more), by default and per unit. */
static bool run_rules(config *c, const ini *f, char *err, size_t errlen)
{
	long channels = 9;
	free(c->run_unit_channels);
	c->run_unit_channels = NULL;
	if (!ini_long(f, "run", "channels", 9, 1, CONFIG_MAX_CHANNELS, &channels, err, errlen))
		return false;
	c->run_channels = (int)channels;
	char bad[256] = "";
	const char *list = ini_str(f, "run", "unit_channels", "");
	channels_walk w = {.c = c, .bad = bad, .badlen = sizeof bad};
	if (!each_unit_channels(list, check_unit_channels, &w)) {
		char where[600];
		ini_where(f, "run", "unit_channels", where, sizeof where);
		snprintf(err, errlen, "%s: %s", where, bad);
		return false;
	}
	c->run_unit_channels = xstrdup(list);
	return true;
}

const char *config_tolerance_key(const char *category)
{
	for (int i = 0; config_input_types[i]; i++)
		if (strcmp(category, config_input_types[i]) == 0)
			return config_tolerance_keys[i];
	return "";
}

/* [tolerance]: the admin's own figures; nothing is assumed when unset. */
static bool tolerance_rules(config *c, const ini *f, char *err, size_t errlen)
{
	for (int i = 0; config_tolerance_keys[i]; i++) {
		const char *v = ini_str(f, "tolerance", config_tolerance_keys[i], "");
		c->tolerance[i][0] = '\0';
		if (!*v)
			continue;
		if (!number_normalise(v, false, false, c->tolerance[i], sizeof c->tolerance[i]) ||
		    c->tolerance[i][0] == '-') {
			c->tolerance[i][0] = '\0';
			return bad_value(f, "tolerance", config_tolerance_keys[i],
			                 "含量允许偏差应为非负数 (百分点，如 0.5)", err, errlen);
		}
	}
	return true;
}

bool config_rules(config *c, const ini *f, char *err, size_t errlen)
{
	long year = 0, seq_width = 4; /* set on every path that reads them; initialised for the compilers */
	free(c->district_name);
	free(c->district_code);
	free(c->prefix);
	free(c->number_format);
	c->district_name = c->district_code = c->prefix = c->number_format = NULL;
	free_key_units(c);
	bool ok = need(f, "district", "name", &c->district_name, err, errlen);
	ok = ok && need(f, "district", "code", &c->district_code, err, errlen);
	ok = ok && need(f, "district", "prefix", &c->prefix, err, errlen);
	ok = ok && ini_long(f, "work", "year", 0, 0, 9999, &year, err, errlen);
	if (ok && year != 0 && year < 2000) {
		char where[600];
		ini_where(f, "work", "year", where, sizeof where);
		snprintf(err, errlen, "%s: 年度 %ld 无效，应为 0 (当前年) 或 2000 以后的年份", where, year);
		ok = false;
	}
	if (ok)
		c->year = year ? (int)year : date_today().y;
	long back = 60;
	ok = ok && ini_long(f, "work", "warn_days_back", 60, 1, 3660, &back, err, errlen);
	c->warn_days_back = (int)back;
	ok = ok && ini_double(f, "rapid", "positive", 50, 0, 100, &c->positive, err, errlen);
	ok = ok && ini_double(f, "rapid", "warn", 40, 0, 100, &c->warn, err, errlen);
	if (ok && c->warn > c->positive) {
		char where[600];
		ini_where(f, "rapid", "warn", where, sizeof where);
		snprintf(err, errlen, "%s: 预警下限 %g 不能高于阳性阈值 %g", where, c->warn, c->positive);
		ok = false;
	}
	if (ok) {
		const char *fmt = ini_str(f, "numbering", "format", "{prefix}{year}-{town}-{seq}");
		const char *bad = text_check(fmt);
		/* Numbers are unique per unit and year only if both are in them:
		 * without {town} one town could take another's numbers. */
		if (bad || !strstr(fmt, "{seq}") || !strstr(fmt, "{year}") || !strstr(fmt, "{town}")) {
			char where[600];
			ini_where(f, "numbering", "format", where, sizeof where);
			snprintf(err, errlen, "%s: %s", where,
			         bad ? bad : "编号格式必须含有 {year}、{town} 和 {seq} (否则不同镇街或年度的编号会重复)");
			ok = false;
		} else {
			c->number_format = xstrdup(fmt);
		}
	}
	ok = ok && ini_long(f, "numbering", "seq_width", 4, 1, 9, &seq_width, err, errlen);
	if (ok)
		c->seq_width = (int)seq_width;
	ok = ok && ini_long(f, "targets", "rapid_default", 600, 0, 1000000, &c->rapid_default, err, errlen);
	ok = ok && ini_long(f, "targets", "rapid_key", 800, 0, 1000000, &c->rapid_key, err, errlen);
	ok = ok && ini_long(f, "targets", "supervisory", 0, 0, 1000000, &c->supervisory, err, errlen);
	ok = ok && ini_long(f, "targets", "routine", 0, 0, 1000000, &c->routine, err, errlen);
	ok = ok && ini_long(f, "targets", "inputs", 0, 0, 1000000, &c->inputs, err, errlen);
	ok = ok && ini_double(f, "targets", "pass_goal", 98, 0, 100, &c->pass_goal, err, errlen);
	ok = ok && ini_bool(f, "credit", "c_blacklist", true, &c->c_blacklist, err, errlen);
	/* 检打联动: the schema's triggers read open_on_warning themselves. */
	ok = ok && ini_bool(f, "followup", "open_on_warning", false, &c->fu_open_on_warning, err, errlen);
	ok = ok && ini_long(f, "followup", "retest_days", 1, 0, 365, &c->fu_retest_days, err, errlen);
	ok = ok && ini_long(f, "followup", "confirm_days", 7, 0, 365, &c->fu_confirm_days, err, errlen);
	ok = ok && ini_long(f, "followup", "dispose_days", 3, 0, 365, &c->fu_dispose_days, err, errlen);
	ok = ok && ini_double(f, "sale", "max_quantity", 50, 0.001, 100000, &c->sale_max_quantity, err, errlen);
	ok = ok && ini_bool(f, "sale", "flag_banned", true, &c->sale_flag_banned, err, errlen);
	ok = ok && ini_long(f, "certificate", "max_month", 10000, 1, 10000000, &c->cert_max_month, err, errlen);
	ok = ok && ini_long(f, "brand", "target", 0, 0, 100000, &c->brand_target, err, errlen);
	ok = ok && unit_list(c, f, "targets", "key_units", &c->key_units, &c->nkey_units, err, errlen);
	/* Units whose numbers an offline PC hands out meanwhile (bundle
	 * export/import): this database numbers none of their new records. */
	ok = ok && unit_list(c, f, "numbering", "offline", &c->offline_units, &c->noffline_units, err, errlen);
	ok = ok && run_rules(c, f, err, errlen);
	ok = ok && bulletin_rules(c, f, err, errlen);
	ok = ok && tolerance_rules(c, f, err, errlen);
	return ok;
}

/* The district, its towns, the rules and the lists a full load reads
 * besides the database's place (config_load_client reads only that). */
static bool load_rules(config *c, ini *f, const char *path, char *err, size_t errlen)
{
	char *centre = NULL, *centre_short = NULL;
	bool ok = need(f, "district", "centre", &centre, err, errlen);
	ok = ok && need(f, "district", "centre_short", &centre_short, err, errlen);
	if (ok) {
		config_add_town(c, "", centre, centre_short, "检测中心");
		char *towns = NULL;
		ok = need(f, "district", "towns", &towns, err, errlen);
		if (ok) {
			char *tp = resolve(path, towns);
			list_reader lr = {.c = c, .path = tp, .names = {"code", "name", "kind"}, .ncols = 3,
			                  .row = town_row};
			ok = csvfile_read(tp, list_row, &lr, err, errlen);
			if (ok && c->ntowns < 2) {
				snprintf(err, errlen, "镇街名单 %s 是空的", tp);
				ok = false;
			}
			free(tp);
		}
		free(towns);
	}
	ok = ok && config_rules(c, f, err, errlen);
	if (ok) {
		char *pp = resolve(path, ini_str(f, "paths", "products", "products.csv"));
		list_reader lr = {.c = c, .path = pp, .names = {"name", "category"}, .ncols = 2,
		                  .row = product_row};
		ok = csvfile_read(pp, list_row, &lr, err, errlen);
		free(pp);
	}
	list_reader limits = {.c = c, .names = {"product", "item", "limit", "unit", "standard"}, .ncols = 5,
	                      .row = limit_row};
	list_reader banned = {.c = c, .names = {"name", "source"}, .ncols = 2, .row = banned_row};
	ok = ok && read_list(path, f, "limits", &limits, err, errlen) && read_list(path, f, "banned", &banned, err, errlen);
	free(centre);
	free(centre_short);
	return ok;
}

static config *load(const char *path, bool rules, char *err, size_t errlen)
{
	ini *f = ini_open(path, "配置文件", err, errlen);
	if (!f)
		return NULL;
	config *c = xcalloc(1, sizeof *c);
	c->conf_path = xstrdup(path);
	char *tmp = NULL;
	bool ok = need(f, "database", "path", &tmp, err, errlen);
	if (ok) {
		c->db_path = resolve(path, tmp);
		free(tmp);
		tmp = NULL;
	}
	ok = ok && ini_long(f, "database", "busy_timeout_ms", 10000, 0, 600000, &c->busy_timeout_ms, err, errlen);
	if (ok)
		c->forms_dir = resolve(path, ini_str(f, "paths", "forms", "../forms"));
	ok = ok && (!rules || load_rules(c, f, path, err, errlen));
	ini_close(f);
	if (!ok) {
		config_free(c);
		return NULL;
	}
	return c;
}

config *config_load(const char *path, char *err, size_t errlen)
{
	return load(path, true, err, errlen);
}

config *config_load_client(const char *path, char *err, size_t errlen)
{
	return load(path, false, err, errlen);
}

void config_add_product(config *c, const char *name, const char *category)
{
	c->products = xreallocarray(c->products, (size_t)c->nproducts + 1, sizeof *c->products);
	c->products[c->nproducts++] = (product_def){.name = xstrdup(name), .category = xstrdup(category)};
}

void config_add_limit(config *c, const char *product, const char *item, const char *limit, const char *unit,
                      const char *standard)
{
	c->limits = xreallocarray(c->limits, (size_t)c->nlimits + 1, sizeof *c->limits);
	c->limits[c->nlimits++] = (limit_def){.product = xstrdup(product), .item = xstrdup(item),
	                                      .limit = xstrdup(limit), .unit = xstrdup(unit),
	                                      .standard = xstrdup(standard)};
}

void config_add_banned(config *c, const char *name, const char *source)
{
	c->banned = xreallocarray(c->banned, (size_t)c->nbanned + 1, sizeof *c->banned);
	c->banned[c->nbanned++] = (banned_def){.name = xstrdup(name), .source = xstrdup(source)};
}

const limit_def *config_limit(const config *c, const char *product, const char *category, const char *item)
{
	const limit_def *by_category = NULL;
	for (int i = 0; i < c->nlimits; i++) {
		if (strcmp(c->limits[i].item, item) != 0)
			continue;
		if (strcmp(c->limits[i].product, product) == 0)
			return &c->limits[i];
		if (*category && strcmp(c->limits[i].product, category) == 0)
			by_category = &c->limits[i];
	}
	return by_category;
}

const banned_def *config_banned(const config *c, const char *name)
{
	int i = TEXT_INDEX(c->banned, c->nbanned, name, name);
	return i < 0 ? NULL : &c->banned[i];
}

void config_clear_lists(config *c)
{
	for (int i = 0; i < c->nlimits; i++) {
		limit_def *l = &c->limits[i];
		FREE_ALL(l->product, l->item, l->limit, l->unit, l->standard);
	}
	for (int i = 0; i < c->nbanned; i++)
		FREE_ALL(c->banned[i].name, c->banned[i].source);
	for (int i = 0; i < c->ntowns; i++) {
		town_def *t = &c->towns[i];
		FREE_ALL(t->code, t->name, t->short_name, t->kind);
	}
	for (int i = 0; i < c->nproducts; i++)
		FREE_ALL(c->products[i].name, c->products[i].category);
	FREE_ALL(c->limits, c->banned, c->towns, c->products);
	c->limits = NULL;
	c->banned = NULL;
	c->towns = NULL;
	c->products = NULL;
	c->nlimits = c->nbanned = c->ntowns = c->nproducts = 0;
}

void config_free(config *c)
{
	if (!c)
		return;
	config_clear_lists(c);
	free_key_units(c);
	FREE_ALL(c->conf_path, c->db_path, c->district_name, c->district_code, c->prefix, c->number_format,
	         c->run_unit_channels, c->district_kind, c->bulletin_issuer, c->forms_dir);
	free(c);
}

const town_def *config_town(const config *c, const char *name)
{
	for (int i = 0; i < c->ntowns; i++)
		if (strcmp(c->towns[i].name, name) == 0 || strcmp(c->towns[i].short_name, name) == 0)
			return &c->towns[i];
	return NULL;
}

const product_def *config_product(const config *c, const char *name)
{
	int i = TEXT_INDEX(c->products, c->nproducts, name, name);
	return i < 0 ? NULL : &c->products[i];
}

long config_default_target(const config *c, const char *unit_name, int kind)
{
	bool centre = c->ntowns > 0 && strcmp(c->towns[0].name, unit_name) == 0;
	switch (kind) {
	case KIND_RAPID:
		return TEXT_LIST_INDEX(c->key_units, c->nkey_units, unit_name) >= 0 ? c->rapid_key : c->rapid_default;
	case KIND_ROUTINE:
		return centre ? c->routine : 0;
	case KIND_SUPERVISORY:
		return centre ? c->supervisory : 0;
	case KIND_INPUTS:
		return centre ? c->inputs : 0;
	}
	return 0;
}

bool config_numbered_offline(const config *c, const char *unit_name)
{
	return TEXT_LIST_INDEX(c->offline_units, c->noffline_units, unit_name) >= 0;
}
