#include "base/text.h"

#include <langinfo.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void text_use_utf8_locale(void)
{
	setlocale(LC_ALL, "");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

int text_utf8_decode(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	int len;
	uint32_t c, min;
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2; c = s[0] & 0x1F; min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3; c = s[0] & 0x0F; min = 0x800;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4; c = s[0] & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

static int utf8_encode(uint32_t c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

int text_to_wcs(const char *s, wchar_t *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	while (*p) {
		uint32_t cp;
		int len = text_utf8_decode(p, &cp);
		if (len == 0 || n + 1 >= cap)
			return -1;
		out[n++] = (wchar_t)cp;
		p += len;
	}
	if (cap == 0)
		return -1;
	out[n] = L'\0';
	return (int)n;
}

int text_from_wcs(const wchar_t *w, size_t n, char *out, size_t cap)
{
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		char tmp[4];
		uint32_t c = (uint32_t)w[i];
		if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			c = '?';
		int len = utf8_encode(c, tmp);
		if (used + (size_t)len + 1 > cap)
			return -1;
		memcpy(out + used, tmp, (size_t)len);
		used += (size_t)len;
	}
	if (cap == 0)
		return -1;
	out[used] = '\0';
	return (int)used;
}

bool text_char_ok(wchar_t c)
{
	uint32_t u = (uint32_t)c;
	if (u < 0x20 || (u >= 0x7F && u < 0xA0))
		return false;
	/* Invisible formatting that can reorder or hide text on screen. */
	if ((u >= 0x200B && u <= 0x200F) || (u >= 0x202A && u <= 0x202E) ||
	    (u >= 0x2060 && u <= 0x206F) || u == 0xFEFF || u == 0x061C ||
	    (u >= 0xFFF9 && u <= 0xFFFB))
		return false;
	int w = wcwidth(c);
	return w == 1 || w == 2;
}

bool text_reason_ok(const char *reason, const char *missing, const char *what, char *err, size_t errlen)
{
	const char *bad = reason && *reason ? text_check(reason) : missing;
	if (bad)
		snprintf(err, errlen, "%s%s", bad == missing ? "" : what, bad);
	return !bad;
}

const char *text_check(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		int len = text_utf8_decode(p, &cp);
		if (len == 0)
			return "含有无效的 UTF-8 编码";
		if (!text_char_ok((wchar_t)cp))
			return "含有控制字符或不可显示的字符";
		p += len;
	}
	return NULL;
}

int text_cols(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int cols = 0;
	while (*p) {
		uint32_t cp;
		int len = text_utf8_decode(p, &cp);
		if (len == 0) {
			cols++;
			p++;
			continue;
		}
		int w = text_char_ok((wchar_t)cp) ? wcwidth((wchar_t)cp) : 1;
		cols += w;
		p += len;
	}
	return cols;
}

int text_for_display(const char *s, int maxcols, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t used = 0;
	int cols = 0;
	if (cap == 0)
		return 0;
	while (*p) {
		uint32_t cp;
		int len = text_utf8_decode(p, &cp);
		int w;
		if (len == 0 || !text_char_ok((wchar_t)cp)) {
			cp = '?';
			w = 1;
			if (len == 0)
				len = 1;
		} else {
			w = wcwidth((wchar_t)cp);
		}
		if (cols + w > maxcols)
			break;
		char tmp[4];
		int blen = utf8_encode(cp, tmp);
		if (used + (size_t)blen + 1 > cap)
			break;
		memcpy(out + used, tmp, (size_t)blen);
		used += (size_t)blen;
		cols += w;
		p += len;
	}
	out[used] = '\0';
	return cols;
}

size_t text_cut(const char *s, int maxcols)
{
	const unsigned char *p = (const unsigned char *)s;
	int cols = 0;
	while (*p) {
		uint32_t cp;
		int len = text_utf8_decode(p, &cp);
		int w = 1;
		if (len == 0)
			len = 1;
		else if (text_char_ok((wchar_t)cp))
			w = wcwidth((wchar_t)cp);
		if (cols + w > maxcols && p != (const unsigned char *)s)
			break;
		cols += w;
		p += len;
	}
	return (size_t)(p - (const unsigned char *)s);
}

void text_pad(const char *s, int width, bool right_align, char *out, size_t cap)
{
	char cut[1024];
	int cols = text_for_display(s, width, cut, sizeof cut);
	int pad = width > cols ? width - cols : 0;
	if (right_align)
		snprintf(out, cap, "%*s%s", pad, "", cut);
	else
		snprintf(out, cap, "%s%*s", cut, pad, "");
}

void text_copy(char *dst, size_t cap, const char *src)
{
	if (cap == 0)
		return;
	size_t n = strlen(src);
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--; /* do not end inside a UTF-8 sequence */
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

char *text_trim(char *s)
{
	static const char fullwidth_space[] = "\xE3\x80\x80"; /* U+3000 */
	char *start = s;
	for (;;) {
		if (*start == ' ' || *start == '\t')
			start++;
		else if (strncmp(start, fullwidth_space, 3) == 0)
			start += 3;
		else
			break;
	}
	size_t n = strlen(start);
	for (;;) {
		if (n > 0 && (start[n - 1] == ' ' || start[n - 1] == '\t'))
			n--;
		else if (n >= 3 && memcmp(start + n - 3, fullwidth_space, 3) == 0)
			n -= 3;
		else
			break;
	}
	memmove(s, start, n);
	s[n] = '\0';
	return s;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d) {
		fputs("内存不足\n", stderr);
		abort();
	}
	return d;
}


static void *out_of_memory(void *p)
{
	if (!p) {
		fputs("内存不足\n", stderr);
		abort();
	}
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	return out_of_memory(calloc(n ? n : 1, size ? size : 1));
}

void *xmemdup(const void *p, size_t n)
{
	void *q = xcalloc(1, n);
	if (n)
		memcpy(q, p, n);
	return q;
}

void *xrealloc(void *p, size_t size)
{
	return out_of_memory(realloc(p, size ? size : 1));
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return out_of_memory(NULL);
	return xrealloc(p, n * size);
}

void *xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t n = *cap ? *cap : 16;
	while (n < need)
		n = n > SIZE_MAX / 2 ? need : n * 2;
	p = xreallocarray(p, n, size);
	*cap = n;
	return p;
}

int text_index(const void *rows, int n, size_t size, size_t offset, const char *key)
{
	for (int i = 0; i < n; i++) {
		const char *s = *(const char *const *)((const char *)rows + (size_t)i * size + offset);
		if (s && strcmp(s, key) == 0)
			return i;
	}
	return -1;
}

void free_all(void *const *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i]);
}
