#include "record/formdef.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/ini.h"
#include "base/kinds.h"
#include "base/number.h"
#include "base/text.h"

static const struct {
	const char *name;
	field_type type;
} type_names[] = {
	{"text", FT_TEXT}, {"integer", FT_INTEGER}, {"decimal", FT_DECIMAL},
	{"date", FT_DATE}, {"choice", FT_CHOICE}, {"lookup", FT_LOOKUP},
};

static const char *field_keys[] = {
	"label", "type", "width", "required", "default", "choices", "source", "min", "max",
	"not_future", "keep", "when", "fills", "hint", "maxwidth", "percent", NULL,
};

/* Split "a|b|c" into a malloc'd array of trimmed, non-empty strings. */
static char **split_bar(const char *s, int *n)
{
	char *copy = xstrdup(s);
	char **out = NULL;
	*n = 0;
	char *save = NULL;
	for (char *tok = strtok_r(copy, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		text_trim(tok);
		if (!*tok)
			continue;
		char **grown = realloc(out, (size_t)(*n + 1) * sizeof *out);
		if (!grown)
			abort();
		out = grown;
		out[(*n)++] = xstrdup(tok);
	}
	free(copy);
	return out;
}

static void free_list(char **l, int n)
{
	for (int i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

static bool parse_number(const char *s, double *out)
{
	char *end;
	errno = 0;
	double x = strtod(s, &end);
	if (errno || end == s || *end != '\0' || !isfinite(x))
		return false;
	*out = x;
	return true;
}

static bool load_field(const ini *in, const char *sec, const char *const *known, field_def *fd,
                       char *err, size_t errlen)
{
	char where[600];
	bool ok_key = false;
	for (int i = 0; known[i]; i++)
		if (strcmp(known[i], sec) == 0)
			ok_key = true;
	if (!ok_key) {
		snprintf(err, errlen, "表单文件 %s 第 %d 行: 未知字段 [%s]，程序不认识这个字段键",
		         ini_path(in), ini_line(in, sec, NULL), sec);
		return false;
	}
	for (int i = 0; i < ini_key_count(in, sec); i++) {
		const char *k = ini_key(in, sec, i);
		bool known_attr = false;
		for (int j = 0; field_keys[j]; j++)
			if (strcmp(field_keys[j], k) == 0)
				known_attr = true;
		if (!known_attr) {
			ini_where(in, sec, k, where, sizeof where);
			snprintf(err, errlen, "%s: 未知属性 %s", where, k);
			return false;
		}
	}
	fd->key = xstrdup(sec);
	const char *label = ini_str(in, sec, "label", NULL);
	if (!label || !*label) {
		snprintf(err, errlen, "表单文件 %s 第 %d 行: 字段 [%s] 缺少 label (中文标签)",
		         ini_path(in), ini_line(in, sec, NULL), sec);
		return false;
	}
	fd->label = xstrdup(label);
	const char *type = ini_str(in, sec, "type", "text");
	bool found = false;
	for (size_t i = 0; i < sizeof type_names / sizeof *type_names; i++)
		if (strcmp(type_names[i].name, type) == 0) {
			fd->type = type_names[i].type;
			found = true;
		}
	if (!found) {
		ini_where(in, sec, "type", where, sizeof where);
		snprintf(err, errlen, "%s: 类型 \"%s\" 无效，应为 text、integer、decimal、date、choice 或 lookup",
		         where, type);
		return false;
	}
	long width;
	if (!ini_long(in, sec, "width", fd->type == FT_DATE ? 10 : 20, 2, 60, &width, err, errlen))
		return false;
	fd->width = (int)width;
	long maxwidth;
	if (!ini_long(in, sec, "maxwidth", width, width, 120, &maxwidth, err, errlen))
		return false;
	fd->maxwidth = (int)maxwidth;
	if (!ini_bool(in, sec, "required", false, &fd->required, err, errlen) ||
	    !ini_bool(in, sec, "percent", false, &fd->percent, err, errlen) ||
	    !ini_bool(in, sec, "keep", false, &fd->keep, err, errlen) ||
	    !ini_bool(in, sec, "not_future", false, &fd->not_future, err, errlen))
		return false;
	const char *v;
	if ((v = ini_str(in, sec, "default", NULL)) && *v)
		fd->def = xstrdup(kind_canonical(v)); /* a form stored before a kind was renamed */
	if ((v = ini_str(in, sec, "choices", NULL)) && *v)
		fd->choices = split_bar(v, &fd->nchoices);
	if ((v = ini_str(in, sec, "source", NULL)) && *v)
		fd->source = xstrdup(v);
	if ((v = ini_str(in, sec, "fills", NULL)) && *v)
		fd->fills = xstrdup(v);
	if ((v = ini_str(in, sec, "hint", NULL)) && *v)
		fd->hint = xstrdup(v);
	if (fd->type == FT_CHOICE && !fd->choices && !fd->source) {
		ini_where(in, sec, "type", where, sizeof where);
		snprintf(err, errlen, "%s: 选项字段需要 choices = 甲|乙|丙 或 source = 名单", where);
		return false;
	}
	static const char *bounds[] = {"min", "max"};
	for (int b = 0; b < 2; b++) {
		v = ini_str(in, sec, bounds[b], NULL);
		if (!v || !*v)
			continue;
		double x;
		if (!parse_number(v, &x)) {
			ini_where(in, sec, bounds[b], where, sizeof where);
			snprintf(err, errlen, "%s: \"%s\" 不是数字", where, v);
			return false;
		}
		if (b == 0) {
			fd->has_min = true;
			fd->min = x;
		} else {
			fd->has_max = true;
			fd->max = x;
		}
	}
	if ((v = ini_str(in, sec, "when", NULL)) && *v) {
		const char *colon = strchr(v, ':');
		if (!colon || colon == v || !colon[1]) {
			ini_where(in, sec, "when", where, sizeof where);
			snprintf(err, errlen, "%s: 应写成 when = 字段键:值1|值2", where);
			return false;
		}
		fd->when_key = xstrdup(v);
		fd->when_key[colon - v] = '\0';
		text_trim(fd->when_key);
		fd->when_values = split_bar(colon + 1, &fd->nwhen);
		/* A form stored in a database before 定性速测 became 定性检测
		 * still says when = kind:定性速测: read it as today's label. */
		for (int i = 0; i < fd->nwhen; i++) {
			const char *now = kind_canonical(fd->when_values[i]);
			if (now != fd->when_values[i]) {
				char *copy = xstrdup(now);
				free(fd->when_values[i]);
				fd->when_values[i] = copy;
			}
		}
	}
	return true;
}

form_def *form_load(const char *path, const char *const *known, char *err, size_t errlen)
{
	ini *in = ini_open(path, "表单文件", err, errlen);
	if (!in)
		return NULL;
	form_def *f = form_from_ini(in, known, err, errlen);
	ini_close(in);
	return f;
}

form_def *form_from_ini(const ini *in, const char *const *known, char *err, size_t errlen)
{
	const char *path = ini_path(in);
	form_def *f = xcalloc(1, sizeof *f);
	f->path = xstrdup(path);
	f->title = xstrdup(ini_str(in, "form", "title", ""));
	int nsec = ini_section_count(in);
	f->fields = xcalloc((size_t)nsec, sizeof *f->fields);
	bool ok = true;
	for (int i = 0; ok && i < nsec; i++) {
		const char *sec = ini_section(in, i);
		if (strcmp(sec, "form") == 0)
			continue;
		ok = load_field(in, sec, known, &f->fields[f->nfields++], err, errlen);
	}
	/* Cross-references must name fields of this form. */
	for (int i = 0; ok && i < f->nfields; i++) {
		const field_def *fd = &f->fields[i];
		const char *ref = fd->when_key ? fd->when_key : NULL;
		for (int r = 0; r < 2; r++, ref = fd->fills) {
			if (ref && form_index(f, ref) < 0) {
				snprintf(err, errlen, "表单文件 %s 第 %d 行: 字段 [%s] 引用了不存在的字段 %s",
				         path, ini_line(in, fd->key, r ? "fills" : "when"), fd->key, ref);
				ok = false;
				break;
			}
		}
	}
	if (ok && f->nfields == 0) {
		snprintf(err, errlen, "表单文件 %s: 没有定义任何字段", path);
		ok = false;
	}
	if (!ok) {
		form_free(f);
		return NULL;
	}
	return f;
}

void form_free(form_def *f)
{
	if (!f)
		return;
	for (int i = 0; i < f->nfields; i++) {
		field_def *fd = &f->fields[i];
		free(fd->key);
		free(fd->label);
		free(fd->def);
		free_list(fd->choices, fd->nchoices);
		free(fd->source);
		free(fd->when_key);
		free_list(fd->when_values, fd->nwhen);
		free(fd->fills);
		free(fd->hint);
	}
	free(f->fields);
	free(f->title);
	free(f->path);
	free(f);
}

int form_index(const form_def *f, const char *key)
{
	return TEXT_INDEX(f->fields, f->nfields, key, key);
}

bool form_field_active(const form_def *f, int idx, form_value_fn get, void *ctx)
{
	const field_def *fd = &f->fields[idx];
	if (!fd->when_key)
		return true;
	const char *v = get(ctx, fd->when_key);
	if (!v)
		return false;
	for (int i = 0; i < fd->nwhen; i++)
		if (strcmp(fd->when_values[i], v) == 0)
			return true;
	return false;
}

void field_default(const field_def *fd, char *out, size_t outlen)
{
	if (!fd->def) {
		out[0] = '\0';
		return;
	}
	if (fd->type == FT_DATE && strcmp(fd->def, "today") == 0)
		date_format(date_today(), out, outlen);
	else
		snprintf(out, outlen, "%s", fd->def);
}

bool field_check(const field_def *fd, const char *value, char *out, size_t outlen,
                 char *msg, size_t msglen)
{
	char buf[1024];
	text_copy(buf, sizeof buf, value ? value : "");
	text_trim(buf);
	const char *bad = text_check(buf);
	if (bad) {
		snprintf(msg, msglen, "%s%s，请删除后重新输入", fd->label, bad);
		return false;
	}
	if (!*buf) {
		if (fd->required) {
			snprintf(msg, msglen, "%s 必须填写", fd->label);
			return false;
		}
		out[0] = '\0';
		return true;
	}
	bool number = fd->type == FT_INTEGER || fd->type == FT_DECIMAL;
	char num[128];
	if (number) {
		/* Normalised first: ４５．５ is as wide as 45.5 once read. */
		bool integral = fd->type == FT_INTEGER;
		if (!number_normalise(buf, fd->percent, integral, num, sizeof num)) {
			snprintf(msg, msglen, "%s \"%s\" 不是%s，请只写数字，如 %s", fd->label, buf,
			         integral ? "整数" : "数字", integral ? "12" : "45 或 45.5");
			return false;
		}
		text_copy(buf, sizeof buf, num);
	}
	int cap = fd->maxwidth > fd->width ? fd->maxwidth : fd->width;
	if (text_cols(buf) > cap) {
		snprintf(msg, msglen, "%s 太长: 最多 %d 列 (汉字占两列)", fd->label, cap);
		return false;
	}
	switch (fd->type) {
	case FT_DATE: {
		ymd today = date_today(), d;
		if (!date_normalise(buf, today.y, out, outlen) || !date_parse(out, &d)) {
			snprintf(msg, msglen, "%s \"%s\" 不是有效日期，请写成 2026-03-05 或 3-5", fd->label, buf);
			return false;
		}
		if (fd->not_future && date_cmp(d, today) > 0) {
			snprintf(msg, msglen, "%s %s 晚于今天，不能是将来的日期", fd->label, out);
			return false;
		}
		return true;
	}
	case FT_INTEGER:
	case FT_DECIMAL: {
		char *end;
		errno = 0;
		double x = strtod(buf, &end);
		if (errno || end == buf || *end != '\0' || !isfinite(x)) {
			snprintf(msg, msglen, "%s \"%s\" 不是数字", fd->label, buf);
			return false;
		}
		if ((fd->has_min && x < fd->min) || (fd->has_max && x > fd->max)) {
			if (fd->has_min && fd->has_max)
				snprintf(msg, msglen, "%s 应在 %g 到 %g 之间", fd->label, fd->min, fd->max);
			else if (fd->has_min)
				snprintf(msg, msglen, "%s 不能小于 %g", fd->label, fd->min);
			else
				snprintf(msg, msglen, "%s 不能大于 %g", fd->label, fd->max);
			return false;
		}
		text_copy(out, outlen, buf);
		return true;
	}
	case FT_CHOICE:
		if (fd->choices) {
			for (int i = 0; i < fd->nchoices; i++)
				if (strcmp(fd->choices[i], buf) == 0) {
					text_copy(out, outlen, buf);
					return true;
				}
			snprintf(msg, msglen, "%s \"%s\" 不在可选范围内，请按数字键从候选中选择", fd->label, buf);
			return false;
		}
		/* named sources are checked by their owner */
		text_copy(out, outlen, buf);
		return true;
	case FT_TEXT:
	case FT_LOOKUP:
		text_copy(out, outlen, buf);
		return true;
	}
	return false;
}
