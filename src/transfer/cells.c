#include "transfer/cells.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* 4.40111E+17, 5.0022419700101E+017: what Excel shows for a long number
 * in a General cell; the digits beyond 15 are gone when it is saved. */
static bool scientific(const char *v)
{
	const char *e = strpbrk(v, "eE");
	if (!e || e == v || (e[1] != '+' && e[1] != '-') || !isdigit((unsigned char)e[2]))
		return false;
	for (const char *p = v; p < e; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return false;
	return all_digits(e + 2, strlen(e + 2));
}

/* "0:00", "00:00", "0:00:00" and the like: a midnight time. */
static bool midnight(const char *t)
{
	bool digit = false;
	for (; *t; t++) {
		if (*t == '0')
			digit = true;
		else if (*t != ':')
			return false;
	}
	return digit;
}

/* 2026年1月5日 (the 日 may be missing) into YYYY-MM-DD. */
static bool chinese_date(const char *v, char *out, size_t outlen)
{
	char *end;
	long y = strtol(v, &end, 10);
	if (end - v != 4 || strncmp(end, "年", 3) != 0)
		return false;
	const char *p = end + 3;
	long m = strtol(p, &end, 10);
	if (end == p || end - p > 2 || strncmp(end, "月", 3) != 0)
		return false;
	p = end + 3;
	long d = strtol(p, &end, 10);
	if (end == p || end - p > 2 || (*end && strcmp(end, "日") != 0 && strcmp(end, "号") != 0))
		return false;
	snprintf(out, outlen, "%04ld-%02ld-%02ld", y, m, d);
	ymd check;
	return date_parse(out, &check);
}

static cell_result read_date(const char *v, char *out, size_t outlen, char *msg, size_t msglen)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%s", v);
	bool changed = false;
	/* A date-time cell at midnight: the date alone. */
	char *space = strchr(buf, ' ');
	if (space && midnight(space + 1)) {
		*space = '\0';
		changed = true;
	}
	if (chinese_date(buf, out, outlen))
		return CELL_CHANGED;
	size_t n = strcspn(buf, ".");
	bool serial = all_digits(buf, n) && n <= 5 && (buf[n] == '\0' || all_digits(buf + n + 1, strlen(buf + n + 1)));
	long days = serial ? strtol(buf, NULL, 10) : 0;
	if (serial && days > 60) {
		/* Excel's day 1 is 1900-01-01 and it counts a 29 February 1900
		 * that never was, so from day 61 on, day 0 is 1899-12-30. */
		date_format(date_from_days(date_days((ymd){1899, 12, 30}) + days), out, outlen);
		snprintf(msg, msglen, "提示: Excel 日期序号 %s 已读作 %s (这一列是\"常规\"或\"数值\"格式；在 Excel 中设为"
		         "\"日期\"格式可看到日期)", v, out);
		return CELL_NOTE;
	}
	if (changed) {
		snprintf(out, outlen, "%s", buf);
		return CELL_CHANGED;
	}
	return CELL_SAME;
}

/* One phone number: an 11-digit mobile, a landline with its area code
 * (0 + 9 to 11 digits), a local 7 or 8-digit number. Excel drops the 0 of
 * 023-45671234 typed as 02345671234 into a General cell. */
static bool lost_zero(const char *p, size_t n)
{
	if (!all_digits(p, n) || p[0] == '0')
		return false;
	return n == 10 || (n == 11 && p[0] != '1') || n == 9;
}

static cell_result read_phone(const char *v, char *msg, size_t msglen)
{
	static const char fix[] = "：请在 Excel 中把这一列设为\"文本\"格式，按原样重新填写号码 (如 023-45671234 或 "
	                          "13800000000) 后再导入";
	if (scientific(v)) {
		snprintf(msg, msglen, "号码被 Excel 显示成了科学计数法 (%s)，原号码已丢失%s", v, fix);
		return CELL_BAD;
	}
	/* Several numbers may share the cell: 13800000000/02345671234. */
	for (const char *p = v; *p;) {
		size_t n = strcspn(p, "/,;、， ");
		if (lost_zero(p, n)) {
			snprintf(msg, msglen, "号码 %.*s 像是丢了开头的 0 的固定电话 (Excel 把这一列当成了数字)%s", (int)n, p, fix);
			return CELL_BAD;
		}
		p += n;
		while (*p && strchr("/,;、， ", *p))
			p++;
		if ((unsigned char)p[0] >= 0x80 && n == 0)
			p++; /* a multi-byte separator's other bytes */
	}
	return CELL_SAME;
}

static cell_result read_lines(const char *v, char *out, size_t outlen, char *msg, size_t msglen)
{
	if (!strpbrk(v, "\r\n"))
		return CELL_SAME;
	size_t o = 0;
	for (const char *p = v; *p && o + 1 < outlen;) {
		if (*p == '\r' || *p == '\n') {
			while (o > 0 && out[o - 1] == ' ')
				o--;
			out[o++] = ' ';
			while (*p == '\r' || *p == '\n' || *p == ' ')
				p++;
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
	snprintf(msg, msglen, "提示: 单元格内的换行 (Excel 中按 Alt+Enter 输入的) 已改为空格");
	return CELL_NOTE;
}

cell_result cell_read(cell_kind k, const char *v, char *out, size_t outlen, char *msg, size_t msglen)
{
	switch (k) {
	case CELL_LINES:
		return read_lines(v, out, outlen, msg, msglen);
	case CELL_DATE:
		return read_date(v, out, outlen, msg, msglen);
	case CELL_PHONE:
		return read_phone(v, msg, msglen);
	case CELL_CODE:
		if (scientific(v)) {
			snprintf(msg, msglen, "号码被 Excel 显示成了科学计数法 (%s)，原号码已丢失：请把这一列设为\"文本\"格式，"
			         "重新填写完整的 18 位号码后再导入", v);
			return CELL_BAD;
		}
		return CELL_SAME;
	case CELL_PLAIN:
		break;
	}
	return CELL_SAME;
}
