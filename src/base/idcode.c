#include "base/idcode.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/dates.h"
#include "base/text.h"

/* GB 32100-2015: 31 characters, no I, O, Z, S, V. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int uscc_weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* GB 11643-1999: weights 2^(17-i) mod 11; the check maps sum mod 11. */
static const int id_weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char id_checks[] = "10X98765432";

static int uscc_value(char c)
{
	const char *p = c ? strchr(uscc_alphabet, c) : NULL;
	return p ? (int)(p - uscc_alphabet) : -1;
}

char idcode_uscc_check(const char *first17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = uscc_value(first17[i]);
		if (v < 0)
			return '\0';
		sum += v * uscc_weights[i];
	}
	int c = 31 - sum % 31;
	return uscc_alphabet[c == 31 ? 0 : c];
}

char idcode_id_check(const char *first17)
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		if (first17[i] < '0' || first17[i] > '9')
			return '\0';
		sum += (first17[i] - '0') * id_weights[i];
	}
	return id_checks[sum % 11];
}

void idcode_normalise(char *s)
{
	text_trim(s);
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* Length in characters when ASCII; -1 when s holds anything else. */
static int ascii_len(const char *s)
{
	int n = 0;
	for (; *s; s++, n++)
		if ((unsigned char)*s >= 0x80)
			return -1;
	return n;
}

bool idcode_uscc_valid(const char *code, char *msg, size_t msglen)
{
	int n = ascii_len(code);
	if (n != IDCODE_LEN) {
		snprintf(msg, msglen, "统一社会信用代码 %s 应为 18 位 (数字和大写字母)，现为 %d 位", code,
		         n < 0 ? text_cols(code) : n);
		return false;
	}
	for (int i = 0; i < IDCODE_LEN; i++) {
		if (uscc_value(code[i]) < 0) {
			snprintf(msg, msglen, "统一社会信用代码 %s 第 %d 位 \"%c\" 不允许 (不使用 I、O、Z、S、V)",
			         code, i + 1, code[i]);
			return false;
		}
	}
	char want = idcode_uscc_check(code);
	if (code[17] != want) {
		snprintf(msg, msglen, "统一社会信用代码 %s 校验位错误: 按前 17 位计算最后一位应为 %c，请核对证照",
		         code, want);
		return false;
	}
	return true;
}

bool idcode_id_valid(const char *id, char *msg, size_t msglen)
{
	int n = ascii_len(id);
	if (n != IDCODE_LEN) {
		snprintf(msg, msglen, "身份证号 %s 应为 18 位，现为 %d 位", id, n < 0 ? text_cols(id) : n);
		return false;
	}
	for (int i = 0; i < 17; i++) {
		if (!isdigit((unsigned char)id[i])) {
			snprintf(msg, msglen, "身份证号 %s 前 17 位应全为数字，第 %d 位不是", id, i + 1);
			return false;
		}
	}
	if (!isdigit((unsigned char)id[17]) && id[17] != 'X') {
		snprintf(msg, msglen, "身份证号 %s 最后一位应为数字或 X", id);
		return false;
	}
	/* date_parse stops at 1900; the standard's own example is born 1880. */
	ymd d = {0, 0, 0};
	for (int i = 6; i < 14; i++) {
		int v = id[i] - '0';
		if (i < 10)
			d.y = d.y * 10 + v;
		else if (i < 12)
			d.m = d.m * 10 + v;
		else
			d.d = d.d * 10 + v;
	}
	char date[40]; /* room for any three ints: no compiler can see a truncation */
	snprintf(date, sizeof date, "%04d-%02d-%02d", d.y, d.m, d.d);
	if (d.y < 1800 || d.m < 1 || d.m > 12 || d.d < 1 || d.d > date_days_in_month(d.y, d.m)) {
		snprintf(msg, msglen, "身份证号 %s 中的出生日期 %.8s 不是有效日期", id, id + 6);
		return false;
	}
	if (date_cmp(d, date_today()) > 0) {
		snprintf(msg, msglen, "身份证号 %s 中的出生日期 %s 晚于今天", id, date);
		return false;
	}
	char want = idcode_id_check(id);
	if (id[17] != want) {
		snprintf(msg, msglen, "身份证号 %s 校验位错误: 按前 17 位计算最后一位应为 %c，请核对证件", id,
		         want);
		return false;
	}
	return true;
}
