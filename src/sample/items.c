#include "sample/items.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/number.h"
#include "base/text.h"
#include "sample/sample.h"
#include "store/db.h"

enum { MAX_ITEMS = 60 };

/* ---- decimals ---- */

/* "0.050" -> digits "5", exponent -2 (5 × 10^-2); "0" -> "" (zero). */
static void decimal_split(const char *s, int shift, char *digits, size_t cap, int *exp)
{
	size_t n = 0;
	int frac = 0;
	bool after_point = false, leading = true;
	for (const char *p = s; *p; p++) {
		if (*p == '.') {
			after_point = true;
			continue;
		}
		if (*p < '0' || *p > '9')
			continue;
		if (after_point)
			frac++;
		if (leading && *p == '0')
			continue;
		leading = false;
		if (n + 1 < cap)
			digits[n++] = *p;
	}
	digits[n] = '\0';
	*exp = shift - frac;
	while (n > 0 && digits[n - 1] == '0') {
		digits[--n] = '\0';
		(*exp)++;
	}
}

int items_decimal_cmp(const char *a, int ashift, const char *b, int bshift)
{
	char da[64], db[64];
	int ea, eb;
	decimal_split(a, ashift, da, sizeof da, &ea);
	decimal_split(b, bshift, db, sizeof db, &eb);
	if (!*da || !*db)
		return (*da != '\0') - (*db != '\0');
	/* The magnitude: where the leading digit stands. */
	int ma = (int)strlen(da) + ea, mb = (int)strlen(db) + eb;
	if (ma != mb)
		return ma < mb ? -1 : 1;
	size_t la = strlen(da), lb = strlen(db), n = la > lb ? la : lb;
	for (size_t i = 0; i < n; i++) {
		char ca = i < la ? da[i] : '0', cb = i < lb ? db[i] : '0';
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return 0;
}

/* a + b for non-negative plain decimal texts ("8.1" + "0.5" = "8.6"),
 * digit by digit so no rounding can move a verdict. */
static void decimal_add(const char *a, const char *b, char *out, size_t cap)
{
	const char *x[2] = {a, b}, *dot[2];
	size_t ilen[2], flen[2];
	for (int k = 0; k < 2; k++) {
		dot[k] = strchr(x[k], '.');
		ilen[k] = dot[k] ? (size_t)(dot[k] - x[k]) : strlen(x[k]);
		flen[k] = dot[k] ? strlen(dot[k] + 1) : 0;
	}
	int fi = (int)(flen[0] > flen[1] ? flen[0] : flen[1]);
	int ii = (int)(ilen[0] > ilen[1] ? ilen[0] : ilen[1]) + 1;
	if ((size_t)(ii + fi + 2) > cap || ii + fi + 2 > 256) {
		snprintf(out, cap, "%s", a); /* cannot happen: values are at most 47 characters */
		return;
	}
	int carry = 0, n = 0;
	char rev[256];
	for (int e = -fi; e < ii; e++) {
		int sum = carry;
		for (int k = 0; k < 2; k++) {
			char d = '0';
			if (e < 0 && (size_t)(-e - 1) < flen[k])
				d = dot[k][-e];
			else if (e >= 0 && (size_t)e < ilen[k])
				d = x[k][ilen[k] - 1 - (size_t)e];
			sum += d >= '0' && d <= '9' ? d - '0' : 0;
		}
		rev[n++] = (char)('0' + sum % 10);
		carry = sum / 10;
		if (e == -1)
			rev[n++] = '.';
	}
	for (int i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	out[n] = '\0';
}

/* ---- units ---- */

/* mg/kg (shift 0) or μg/kg (shift -3: a thousandth of a mg/kg), as
 * typed in its usual spellings; NULL when it is neither. */
static const char *unit_canonical(const char *u, int *shift)
{
	static const struct {
		const char *spelling, *unit;
		int shift;
	} units[] = {
		{"mg/kg", "mg/kg", 0},  {"MG/KG", "mg/kg", 0}, {"毫克/千克", "mg/kg", 0},
		{"μg/kg", "μg/kg", -3}, {"µg/kg", "μg/kg", -3}, {"ug/kg", "μg/kg", -3},
		{"UG/KG", "μg/kg", -3}, {"微克/千克", "μg/kg", -3},
	};
	for (size_t i = 0; i < sizeof units / sizeof *units; i++)
		if (strcmp(u, units[i].spelling) == 0) {
			*shift = units[i].shift;
			return units[i].unit;
		}
	return NULL;
}

/* ---- parsing ---- */

/* Full-width ：； and ASCII ; become ':' and '\n' (item breaks). */
static char *plain_separators(const char *text)
{
	char *s = xstrdup(text), *w = s;
	for (const char *r = text; *r;) {
		if (strncmp(r, "：", 3) == 0) {
			*w++ = ':';
			r += 3;
		} else if (strncmp(r, "；", 3) == 0 || *r == ';') {
			*w++ = '\n';
			r += *r == ';' ? 1 : 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return s;
}

/* 未检出, 未检出(0.01), 未检出（0.01）, ND: not detected, with the limit. */
static bool parse_not_detected(const char *v, sample_item *it, char *err, size_t errlen)
{
	const char *rest = NULL;
	if (strncmp(v, "未检出", strlen("未检出")) == 0)
		rest = v + strlen("未检出");
	else if (strcmp(v, "ND") == 0 || strcmp(v, "nd") == 0)
		rest = "";
	if (!rest)
		return false;
	it->not_detected = true;
	if (!*rest)
		return true;
	char lod[64];
	const char *open = strncmp(rest, "(", 1) == 0 ? rest + 1 : strncmp(rest, "（", 3) == 0 ? rest + 3 : NULL;
	size_t len = open ? strlen(open) : 0;
	if (open && len > 0 && open[len - 1] == ')')
		len -= 1;
	else if (open && len >= 3 && strcmp(open + len - 3, "）") == 0)
		len -= 3;
	else
		open = NULL;
	if (open && len < sizeof lod) {
		memcpy(lod, open, len);
		lod[len] = '\0';
		if (number_normalise(lod, false, false, it->lod, sizeof it->lod) && it->lod[0] != '-')
			return true;
	}
	errf(err, errlen, "项目 %s 的 \"%s\" 看不懂：未检出写作 未检出 或 未检出(检出限)，如 未检出(0.01)", it->name, v);
	it->not_detected = false;
	return false;
}

/* Split "名称:值[:单位[:限量]]" into at most four trimmed parts. */
static int split_parts(char *s, char *part[4])
{
	int n = 0;
	char *p = s;
	while (n < 4) {
		char *colon = strchr(p, ':');
		if (colon)
			*colon = '\0';
		part[n++] = text_trim(p);
		if (!colon)
			break;
		p = colon + 1;
		if (n == 4)
			return -1; /* a fifth part */
	}
	return n;
}

static bool judge(const config *c, const char *product, const char *category, sample_item *it, const char *typed_limit,
                  int unit_shift, char *err, size_t errlen)
{
	const banned_def *b = config_banned(c, it->name);
	it->banned = b != NULL;
	it->limit_from = "none";
	const limit_def *l = config_limit(c, product, category, it->name);
	if (*typed_limit) {
		if (!number_normalise(typed_limit, false, false, it->limit, sizeof it->limit) || it->limit[0] == '-')
			return errf(err, errlen, "项目 %s 的限量 \"%s\" 不是非负数 (写法如 0.05)", it->name, typed_limit);
		snprintf(it->limit_unit, sizeof it->limit_unit, "%s", it->unit);
		it->limit_from = "typed";
		snprintf(it->standard, sizeof it->standard, "%s", "手填限量");
	} else if (l) {
		snprintf(it->limit, sizeof it->limit, "%s", l->limit);
		snprintf(it->limit_unit, sizeof it->limit_unit, "%s", l->unit);
		snprintf(it->standard, sizeof it->standard, "%s", l->standard);
		it->limit_from = "table";
	} else if (!b) {
		return errf(err, errlen,
		            "项目 %s 在限量表中没有%s的限量：请写明限量，如 项目=%s:值:mg/kg:限量 (限量表由管理员维护)",
		            it->name, *product ? product : "该产品", it->name);
	}
	if (b && !*it->standard)
		snprintf(it->standard, sizeof it->standard, "禁用 (%s)", b->source);
	it->fail = false;
	it->reason = "";
	if (it->not_detected)
		return true;
	bool detected = items_decimal_cmp(it->value, 0, "0", 0) > 0;
	if (b && detected) {
		it->fail = true;
		it->reason = "检出禁用药物";
		return true;
	}
	if (*it->limit) {
		int lshift = 0;
		unit_canonical(it->limit_unit, &lshift);
		if (items_decimal_cmp(it->value, unit_shift, it->limit, lshift) > 0) {
			it->fail = true;
			it->reason = "超标";
		}
	}
	return true;
}

/* 农业投入品 (农资打假): the limit column holds the labelled content of
 * an active ingredient (%), and the admin's tolerance for the product
 * type (tol, config [tolerance]) says how far below it the measurement
 * may be. A declared ingredient measured below 标明含量 − 允许偏差, or not
 * found at all, is 不合格 (含量不足); a banned substance detected is
 * 不合格, 隐性成分 when the label does not declare it. An undeclared
 * substance that is not banned is recorded and judged nothing. */
static bool judge_input(const config *c, const char *category, const char *tol, sample_item *it,
                        const char *labelled, char *err, size_t errlen)
{
	const banned_def *b = config_banned(c, it->name);
	it->banned = b != NULL;
	it->fail = false;
	it->reason = "";
	it->limit_from = "none";
	if (*labelled) {
		if (!number_normalise(labelled, true, false, it->limit, sizeof it->limit) || it->limit[0] == '-')
			return errf(err, errlen, "成分 %s 的标明含量 \"%s\" 不是非负数 (写法如 10，单位 %%)", it->name, labelled);
		if (!*tol)
			return errf(err, errlen,
			            "%s的含量允许偏差尚未设定，无法判定 %s：请管理员先设定 (nongjian settings set tolerance.%s 百分点)",
			            category, it->name, config_tolerance_key(category));
		snprintf(it->limit_unit, sizeof it->limit_unit, "%%");
		it->limit_from = "label";
		snprintf(it->standard, sizeof it->standard, "标明含量，允许偏差 %s 个百分点 (管理员设定)", tol);
	} else if (b) {
		snprintf(it->standard, sizeof it->standard, "禁用 (%s)", b->source);
	} else {
		snprintf(it->standard, sizeof it->standard, "%s", "未标明成分");
	}
	bool detected = !it->not_detected && items_decimal_cmp(it->value, 0, "0", 0) > 0;
	if (b && detected) {
		it->fail = true;
		it->reason = *labelled ? "检出禁用成分" : "隐性成分";
	} else if (*labelled) {
		char floor_sum[128];
		decimal_add(it->not_detected ? "0" : it->value, tol, floor_sum, sizeof floor_sum);
		if (it->not_detected || items_decimal_cmp(floor_sum, 0, it->limit, 0) < 0) {
			it->fail = true;
			it->reason = "含量不足";
		}
	}
	return true;
}

static bool parse_one(const config *c, const char *product, const char *category, char *text, sample_item *it,
                      char *err, size_t errlen)
{
	memset(it, 0, sizeof *it);
	char *part[4] = {0};
	int n = split_parts(text, part);
	if (n < 0)
		return errf(err, errlen, "项目 \"%s\" 多了一段：写作 名称:值[:单位[:限量]]", text);
	const char *bad = text_check(part[0]);
	if (!*part[0] || bad || strlen(part[0]) >= sizeof it->name)
		return errf(err, errlen, "项目名称%s：写作 名称:值[:单位[:限量]]，如 镉:0.15:mg/kg",
		            !*part[0] ? "为空" : bad ? bad : "太长");
	snprintf(it->name, sizeof it->name, "%s", part[0]);
	if (n < 2 || !*part[1])
		return errf(err, errlen, "项目 %s 没有检测值：写作 %s:值，未检出写 %s:未检出", it->name, it->name, it->name);
	if (!parse_not_detected(part[1], it, err, errlen)) {
		if (*err)
			return false;
		if (!number_normalise(part[1], false, false, it->value, sizeof it->value) || it->value[0] == '-')
			return errf(err, errlen, "项目 %s 的检测值 \"%s\" 不是非负数 (写法如 0.03；未检出写 未检出)", it->name,
			            part[1]);
	}
	const char *tol = config_tolerance(c, category);
	if (tol) {
		const char *u = n >= 3 ? part[2] : "";
		if (*u && strcmp(u, "%") != 0 && strcmp(u, "％") != 0)
			return errf(err, errlen, "成分 %s 的单位 \"%s\" 不对：农业投入品的有效成分含量写 %% (质量分数)", it->name, u);
		snprintf(it->unit, sizeof it->unit, "%%");
		return judge_input(c, category, tol, it, n >= 4 ? part[3] : "", err, errlen);
	}
	/* The unit: as typed, else the table limit's, else mg/kg. */
	const limit_def *l = config_limit(c, product, category, it->name);
	const char *u = n >= 3 && *part[2] ? part[2] : l ? l->unit : "mg/kg";
	int shift = 0;
	const char *unit = unit_canonical(u, &shift);
	if (!unit)
		return errf(err, errlen, "项目 %s 的单位 \"%s\" 无法与限量比较：请写 mg/kg 或 μg/kg", it->name, u);
	snprintf(it->unit, sizeof it->unit, "%s", unit);
	return judge(c, product, category, it, n >= 4 ? part[3] : "", shift, err, errlen);
}

bool items_parse(const config *c, const char *product, const char *category, const char *text,
                 sample_items *out, char *err, size_t errlen)
{
	out->v = NULL;
	out->n = 0;
	if (err && errlen)
		*err = '\0';
	char *s = plain_separators(text), *save = NULL;
	bool ok = true;
	for (char *tok = strtok_r(s, "\n", &save); ok && tok; tok = strtok_r(NULL, "\n", &save)) {
		if (!*text_trim(tok))
			continue;
		if (out->n >= MAX_ITEMS) {
			errf(err, errlen, "一个样品最多 %d 个检测项目", MAX_ITEMS);
			ok = false;
			break;
		}
		sample_item it;
		ok = parse_one(c, product, category, tok, &it, err, errlen);
		for (int i = 0; ok && i < out->n; i++)
			if (strcmp(out->v[i].name, it.name) == 0) {
				errf(err, errlen, "项目 %s 写了两次：每个项目只写一次", it.name);
				ok = false;
			}
		if (ok) {
			out->v = xreallocarray(out->v, (size_t)out->n + 1, sizeof *out->v);
			out->v[out->n++] = it;
		}
	}
	free(s);
	if (!ok)
		items_free(out);
	return ok;
}

void items_free(sample_items *it)
{
	free(it->v);
	it->v = NULL;
	it->n = 0;
}

bool items_fail(const sample_items *it)
{
	for (int i = 0; i < it->n; i++)
		if (it->v[i].fail)
			return true;
	return false;
}

void items_format(const sample_items *it, char *out, size_t outlen)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < it->n; i++) {
		const sample_item *x = &it->v[i];
		char value[80];
		if (x->not_detected)
			snprintf(value, sizeof value, "未检出%s%s%s", *x->lod ? "(" : "", x->lod, *x->lod ? ")" : "");
		else
			snprintf(value, sizeof value, "%s", x->value);
		bool own = strcmp(x->limit_from, "typed") == 0 || strcmp(x->limit_from, "label") == 0;
		int n = snprintf(out + used, outlen - used, "%s%s:%s:%s%s%s", i ? "；" : "", x->name, value, x->unit,
		                 own ? ":" : "", own ? x->limit : "");
		if (n < 0 || (size_t)n >= outlen - used)
			break;
		used += (size_t)n;
	}
}

void item_describe(const sample_item *i, char *out, size_t outlen)
{
	char value[96], limit[160] = "";
	if (i->not_detected)
		snprintf(value, sizeof value, "未检出%s%s%s", *i->lod ? " (检出限 " : "", i->lod, *i->lod ? ")" : "");
	else
		snprintf(value, sizeof value, "%s %s", i->value, i->unit);
	if (strcmp(i->limit_from, "label") == 0)
		snprintf(limit, sizeof limit, "  标明含量 %s %s", i->limit, i->limit_unit);
	else if (*i->limit)
		snprintf(limit, sizeof limit, "  限量 %s %s%s", i->limit, i->limit_unit,
		         strcmp(i->limit_from, "typed") == 0 ? " (手填，不在限量表中)" : "");
	else if (i->banned)
		snprintf(limit, sizeof limit, "  禁用药物");
	snprintf(out, outlen, "%s  %s%s  %s%s%s%s", i->name, value, limit, i->fail ? "不合格" : "合格",
	         *i->reason ? " (" : "", i->reason, *i->reason ? ")" : "");
}

void items_verdict_line(const sample_items *it, char *out, size_t outlen)
{
	if (!items_fail(it)) {
		snprintf(out, outlen, "合格 (%d 项)", it->n);
		return;
	}
	size_t used = (size_t)snprintf(out, outlen, "不合格：");
	bool first = true;
	for (int i = 0; i < it->n && used < outlen; i++) {
		if (!it->v[i].fail)
			continue;
		int n = snprintf(out + used, outlen - used, "%s%s %s", first ? "" : "；", it->v[i].name, it->v[i].reason);
		if (n < 0)
			break;
		used += (size_t)n;
		first = false;
	}
}

/* ---- the database ---- */

bool items_write(db_conn *db, long long sample_id, int version, const sample_items *it, char *err, size_t errlen)
{
	if (it->n == 0)
		return true;
	db_stmt *st = db_prepare(db,
	                              "INSERT INTO sample_items(sample_id, version, ord, item, value_text, value,"
	                              " not_detected, lod_text, unit, limit_text, limit_unit, limit_from, standard,"
	                              " banned, verdict, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	                              err, errlen);
	if (!st)
		return false;
	bool ok = true;
	for (int i = 0; ok && i < it->n; i++) {
		const sample_item *x = &it->v[i];
		db_bind_int64(st, 1, sample_id);
		db_bind_int(st, 2, version);
		db_bind_int(st, 3, i + 1);
		db_bind_text(st, 4, x->name);
		if (x->not_detected) {
			db_bind_null(st, 5);
			db_bind_null(st, 6);
		} else {
			db_bind_text(st, 5, x->value);
			db_bind_double(st, 6, strtod(x->value, NULL));
		}
		db_bind_int(st, 7, x->not_detected);
		if (*x->lod)
			db_bind_text(st, 8, x->lod);
		else
			db_bind_null(st, 8);
		db_bind_text(st, 9, x->unit);
		if (*x->limit) {
			db_bind_text(st, 10, x->limit);
			db_bind_text(st, 11, x->limit_unit);
		} else {
			db_bind_null(st, 10);
			db_bind_null(st, 11);
		}
		/* A labelled content is kept as a typed limit in % (the table's
		 * CHECK knows typed/table/none; only inputs are in %). */
		db_bind_text(st, 12, strcmp(x->limit_from, "label") == 0 ? "typed" : x->limit_from);
		db_bind_text(st, 13, x->standard);
		db_bind_int(st, 14, x->banned);
		db_bind_text(st, 15, x->fail ? "fail" : "pass");
		db_bind_text(st, 16, x->reason);
		if (db_step(st) != DB_DONE) {
			db_error(db, "保存检测项目失败", err, errlen);
			ok = false;
		}
		db_reset(st);
	}
	db_finalize(st);
	return ok;
}

static const char *col(db_stmt *st, int i)
{
	const char *t = db_column_text(st, i);
	return t ? t : "";
}

static bool each(db_conn *db, db_stmt *st, items_fn fn, void *ctx, char *err, size_t errlen)
{
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		sample_item x;
		memset(&x, 0, sizeof x);
		snprintf(x.name, sizeof x.name, "%s", col(st, 1));
		snprintf(x.value, sizeof x.value, "%s", col(st, 2));
		x.not_detected = db_column_int(st, 3) != 0;
		snprintf(x.lod, sizeof x.lod, "%s", col(st, 4));
		snprintf(x.unit, sizeof x.unit, "%s", col(st, 5));
		snprintf(x.limit, sizeof x.limit, "%s", col(st, 6));
		snprintf(x.limit_unit, sizeof x.limit_unit, "%s", col(st, 7));
		static const char *const froms[] = {"typed", "table"};
		static const char *const reasons[] = {"超标", "检出禁用药物", "含量不足", "隐性成分", "检出禁用成分"};
		x.limit_from = "none";
		for (size_t k = 0; k < sizeof froms / sizeof *froms; k++)
			if (strcmp(col(st, 8), froms[k]) == 0)
				x.limit_from = froms[k];
		if (strcmp(x.limit_from, "typed") == 0 && strcmp(x.limit_unit, "%") == 0)
			x.limit_from = "label";
		snprintf(x.standard, sizeof x.standard, "%s", col(st, 9));
		x.banned = db_column_int(st, 10) != 0;
		x.fail = strcmp(col(st, 11), "fail") == 0;
		x.reason = "";
		for (size_t k = 0; k < sizeof reasons / sizeof *reasons; k++)
			if (strcmp(col(st, 12), reasons[k]) == 0)
				x.reason = reasons[k];
		if (!fn(ctx, col(st, 0), &x)) {
			rc = DB_DONE;
			break;
		}
	}
	return db_finish(db, st, rc, "读取检测项目失败", err, errlen);
}

#define ITEM_COLUMNS                                                                                   \
	"SELECT s.sample_no, i.item, i.value_text, i.not_detected, i.lod_text, i.unit, i.limit_text,"     \
	" i.limit_unit, i.limit_from, i.standard, i.banned, i.verdict, i.reason FROM sample_items i"      \
	" JOIN samples s ON s.id = i.sample_id AND i.version ="                                          \
	" (SELECT max(version) FROM sample_items WHERE sample_id = s.id) "

bool items_each(db_conn *db, long long sample_id, items_fn fn, void *ctx, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, ITEM_COLUMNS "WHERE s.id = ? ORDER BY i.ord", err, errlen);
	if (!st)
		return false;
	db_bind_int64(st, 1, sample_id);
	return each(db, st, fn, ctx, err, errlen);
}

bool items_each_of(db_conn *db, const long long *ids, int n, items_fn fn, void *ctx, char *err, size_t errlen)
{
	for (int done = 0; done < n; done += SAMPLE_IDS_AT_ONCE) {
		int m = n - done < SAMPLE_IDS_AT_ONCE ? n - done : SAMPLE_IDS_AT_ONCE;
		db_stmt *st = sample_prepare_ids(db, ITEM_COLUMNS "WHERE s.id IN ", ids + done, m,
		                                      " ORDER BY s.id, i.ord", err, errlen);
		if (!st || !each(db, st, fn, ctx, err, errlen))
			return false;
	}
	return true;
}

bool items_each_year(db_conn *db, int year, items_fn fn, void *ctx, char *err, size_t errlen)
{
	db_stmt *st = db_prepare(db, ITEM_COLUMNS "WHERE s.status = 'valid' AND (?1 = 0 OR s.year = ?1)"
	                              " ORDER BY s.id, i.ord", err, errlen);
	if (!st)
		return false;
	db_bind_int(st, 1, year);
	return each(db, st, fn, ctx, err, errlen);
}

const char *items_unit(const char *spelling, int *shift)
{
	return unit_canonical(spelling, shift);
}
