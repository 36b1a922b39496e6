#include "transfer/sheet.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/csvout.h"
#include "base/dynlib.h"
#include "base/err.h"
#include "base/text.h"

#define MAX_COLS 256
#define MIN_WIDTH 6
#define MAX_WIDTH 60

struct sheet {
	bool xlsx;
	/* CSV */
	FILE *fp;
	bool first;             /* the next cell starts the row */
	long rows;              /* rows ended so far */
	/* xlsx */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *title_f, *head_f, *code_f, *date_f, *stamp_f, *pct_f;
	lxw_row_t row;
	lxw_col_t col;
	bool head_row;          /* the row being written is the header */
	bool frozen;            /* this worksheet's header is frozen */
	int widths[MAX_COLS];   /* display columns of each column's widest cell */
	lxw_error error;        /* the first write error */
	char path[4096];
};

/* libxlsxwriter, and the libcrypto, minizip and zlib it links, are
 * loaded when the first workbook is written: linked in, they cost every
 * nongjian process about 1.7 MB of memory and their relocation time at
 * start-up, for a format most sessions never write. */
#define LXW_FUNCS(X)                                                                                     \
	X(workbook_new_opt) X(workbook_add_worksheet) X(workbook_add_format) X(workbook_close)              \
	X(format_set_bold) X(format_set_font_size) X(format_set_bottom) X(format_set_num_format)          \
	X(worksheet_set_column) X(worksheet_write_string) X(worksheet_write_number)                       \
	X(worksheet_write_datetime) X(worksheet_freeze_panes) X(lxw_strerror)
DYNLIB_FUNCS(lxw, LXW_FUNCS)

static bool lxw_load(char *err, size_t errlen)
{
	return lxw_open("libxlsxwriter.so." LXW_SOVERSION, "无法写 .xlsx",
	                "安装 libxlsxwriter 软件包，或改用 --format csv", "版本不符，或改用 --format csv", err, errlen);
}

sheet *sheet_csv(FILE *fp)
{
	sheet *s = xcalloc(1, sizeof *s);
	s->fp = fp;
	s->first = true;
	csvout_bom(fp);
	return s;
}

sheet *sheet_xlsx(const char *path, const char *name, char *err, size_t errlen)
{
	if (!lxw_load(err, errlen))
		return NULL;
	sheet *s = xcalloc(1, sizeof *s);
	s->xlsx = true;
	snprintf(s->path, sizeof s->path, "%s", path);
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	const char *tmp = getenv("TMPDIR");
	if (tmp && *tmp)
		opt.tmpdir = (char *)tmp;
	s->wb = lxw.workbook_new_opt(path, &opt);
	if (!s->wb || !(s->ws = lxw.workbook_add_worksheet(s->wb, name))) {
		snprintf(err, errlen, "无法创建 .xlsx 文件 %s", path);
		if (s->wb)
			lxw.workbook_close(s->wb);
		free(s);
		return NULL;
	}
	s->title_f = lxw.workbook_add_format(s->wb);
	lxw.format_set_bold(s->title_f);
	lxw.format_set_font_size(s->title_f, 14);
	s->head_f = lxw.workbook_add_format(s->wb);
	lxw.format_set_bold(s->head_f);
	lxw.format_set_bottom(s->head_f, LXW_BORDER_THIN);
	s->code_f = lxw.workbook_add_format(s->wb);
	lxw.format_set_num_format(s->code_f, "@");
	s->date_f = lxw.workbook_add_format(s->wb);
	lxw.format_set_num_format(s->date_f, "yyyy-mm-dd");
	s->stamp_f = lxw.workbook_add_format(s->wb);
	lxw.format_set_num_format(s->stamp_f, "yyyy-mm-dd hh:mm:ss");
	s->pct_f = lxw.workbook_add_format(s->wb);
	lxw.format_set_num_format(s->pct_f, "0.0%");
	return s;
}

bool sheet_is_xlsx(const sheet *s)
{
	return s->xlsx;
}

static void set_widths(sheet *s)
{
	for (int c = 0; c < MAX_COLS; c++) {
		if (!s->widths[c])
			continue;
		int w = s->widths[c] + 2;
		w = w < MIN_WIDTH ? MIN_WIDTH : w > MAX_WIDTH ? MAX_WIDTH : w;
		lxw.worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
	}
	memset(s->widths, 0, sizeof s->widths);
}

bool sheet_add(sheet *s, const char *name)
{
	if (!s->xlsx)
		return true;
	set_widths(s);
	lxw_worksheet *ws = lxw.workbook_add_worksheet(s->wb, name);
	if (!ws)
		return false;
	s->ws = ws;
	s->row = s->col = 0;
	s->frozen = s->head_row = false;
	return true;
}

static void widen(sheet *s, int cols)
{
	if (s->col < MAX_COLS && cols > s->widths[s->col])
		s->widths[s->col] = cols;
}

static void note(sheet *s, lxw_error e)
{
	if (e != LXW_NO_ERROR && s->error == LXW_NO_ERROR)
		s->error = e;
}

/* A CSV cell; text: the formula guard. */
static void csv_cell(sheet *s, const char *v, bool text)
{
	csvout_field(s->fp, v, s->first, text);
	s->first = false;
}

void sheet_title(sheet *s, const char *title)
{
	if (!s->xlsx)
		return;
	note(s, lxw.worksheet_write_string(s->ws, s->row, 0, title, s->title_f));
	s->row++;
	s->col = 0;
}

void sheet_head(sheet *s, const char *label)
{
	if (!s->xlsx) {
		csv_cell(s, label, true);
		return;
	}
	s->head_row = true;
	widen(s, text_cols(label));
	note(s, lxw.worksheet_write_string(s->ws, s->row, s->col++, label, s->head_f));
}

void sheet_heads(sheet *s, const char *const *labels, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sheet_head(s, labels[i]);
}

bool sheet_table(sheet *s, const char *name, const char *title, const char *const *heads, size_t n)
{
	bool ok = sheet_section(s, name, title);
	sheet_heads(s, heads, n);
	return sheet_end_row(s) && ok;
}

void sheet_text(sheet *s, const char *v)
{
	if (!v)
		v = "";
	if (!s->xlsx) {
		csv_cell(s, v, true);
		return;
	}
	if (*v) {
		widen(s, text_cols(v));
		note(s, lxw.worksheet_write_string(s->ws, s->row, s->col, v, NULL));
	}
	s->col++;
}

/* Digits (and X) only: what Excel would turn into a number. */
static bool numeric_looking(const char *v)
{
	if (!*v)
		return false;
	for (; *v; v++)
		if ((*v < '0' || *v > '9') && *v != 'X' && *v != 'x')
			return false;
	return true;
}

void sheet_code(sheet *s, const char *v)
{
	if (!v)
		v = "";
	if (!s->xlsx) {
		/* Excel shows a long number in a General cell as 4.40111E+17
		 * (and drops a leading 0); a leading tab keeps the cell text
		 * (importing trims it off). */
		if (numeric_looking(v)) {
			char tabbed[128];
			snprintf(tabbed, sizeof tabbed, "\t%s", v);
			csv_cell(s, tabbed, true);
		} else {
			csv_cell(s, v, true);
		}
		return;
	}
	if (*v) {
		widen(s, text_cols(v));
		note(s, lxw.worksheet_write_string(s->ws, s->row, s->col, v, s->code_f));
	}
	s->col++;
}

/* A plain decimal number: optional -, digits, optional . and digits. */
static bool plain_number(const char *v, double *out)
{
	const char *p = v;
	if (*p == '-')
		p++;
	bool digits = false, dot = false;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits = true;
		else if (*p == '.' && !dot)
			dot = true;
		else
			return false;
	}
	if (!digits)
		return false;
	*out = strtod(v, NULL);
	return isfinite(*out);
}

static void number_cell(sheet *s, double d, const char *shown, lxw_format *f)
{
	widen(s, (int)strlen(shown));
	note(s, lxw.worksheet_write_number(s->ws, s->row, s->col++, d, f));
}

void sheet_number(sheet *s, const char *v)
{
	if (!v)
		v = "";
	double d;
	if (!s->xlsx) {
		csv_cell(s, v, !plain_number(v, &d));
		return;
	}
	if (!*v)
		s->col++;
	else if (plain_number(v, &d))
		number_cell(s, d, v, NULL);
	else
		sheet_text(s, v);
}

void sheet_long(sheet *s, long v)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", v);
	if (!s->xlsx)
		csv_cell(s, buf, false);
	else
		number_cell(s, (double)v, buf, NULL);
}

void sheet_round(sheet *s, double v)
{
	char buf[64];
	snprintf(buf, sizeof buf, "%.0f", v);
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, sizeof buf, "0");
	if (!s->xlsx)
		csv_cell(s, buf, false);
	else
		number_cell(s, strtod(buf, NULL), buf, NULL);
}

void sheet_percent(sheet *s, double pct)
{
	char buf[64] = "";
	if (pct >= 0 || pct < 0) /* not NaN */
		snprintf(buf, sizeof buf, "%.1f%%", pct);
	if (!s->xlsx) {
		csv_cell(s, pct < 0 ? "" : buf, false);
		return;
	}
	if (pct < 0) {
		s->col++;
		return;
	}
	/* The value the screen shows (one decimal), as a fraction. */
	number_cell(s, strtod(buf, NULL) / 100.0, buf, s->pct_f);
}

static bool two(const char *p, int *out)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return false;
	*out = (p[0] - '0') * 10 + p[1] - '0';
	return true;
}

/* YYYY-MM-DD[ HH:MM:SS] into d; false when v is not that. */
static bool parse_stamp(const char *v, lxw_datetime *d, bool *with_time)
{
	int c, y, mo, da, h = 0, mi = 0, se = 0;
	size_t n = strlen(v);
	if ((n != 10 && n != 19) || v[4] != '-' || v[7] != '-' || !two(v, &c) || !two(v + 2, &y) ||
	    !two(v + 5, &mo) || !two(v + 8, &da))
		return false;
	if (n == 19 && (v[10] != ' ' || v[13] != ':' || v[16] != ':' || !two(v + 11, &h) ||
	                !two(v + 14, &mi) || !two(v + 17, &se)))
		return false;
	if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59 || se > 59)
		return false;
	*d = (lxw_datetime){.year = c * 100 + y, .month = mo, .day = da, .hour = h, .min = mi, .sec = se};
	*with_time = n == 19;
	return true;
}

void sheet_date(sheet *s, const char *v)
{
	if (!v)
		v = "";
	lxw_datetime d;
	bool with_time;
	if (!s->xlsx || !parse_stamp(v, &d, &with_time)) {
		sheet_text(s, v);
		return;
	}
	widen(s, (int)strlen(v));
	note(s, lxw.worksheet_write_datetime(s->ws, s->row, s->col++, &d, with_time ? s->stamp_f : s->date_f));
}

void sheet_stamps(sheet *s, const char *created_by, const char *created_at, const char *updated_by,
                  const char *updated_at)
{
	sheet_text(s, created_by);
	sheet_date(s, created_at);
	sheet_text(s, updated_by);
	sheet_date(s, updated_at);
}

bool sheet_rows_end(sheet_rows *w)
{
	w->rows++;
	w->ok = sheet_end_row(w->out) && w->ok;
	return w->ok;
}

bool sheet_end_row(sheet *s)
{
	if (!s->xlsx) {
		csvout_end(s->fp);
		s->first = true;
		s->rows++;
		return !ferror(s->fp);
	}
	if (s->head_row && !s->frozen) {
		lxw.worksheet_freeze_panes(s->ws, s->row + 1, 0);
		s->frozen = true;
	}
	s->head_row = false;
	s->row++;
	s->col = 0;
	return s->error == LXW_NO_ERROR;
}

bool sheet_section(sheet *s, const char *name, const char *title)
{
	if (s->xlsx) {
		if ((s->row > 0 || s->col > 0) && !sheet_add(s, name))
			return false;
		sheet_title(s, title);
		return true;
	}
	if (s->rows > 0)
		csvout_end(s->fp);
	csv_cell(s, title, true);
	return sheet_end_row(s);
}

bool sheet_close(sheet *s, char *err, size_t errlen)
{
	bool ok = true;
	if (!s->xlsx) {
		if (fflush(s->fp) != 0 || ferror(s->fp)) {
			snprintf(err, errlen, "写入导出文件失败 (磁盘已满或没有权限?)");
			ok = false;
		}
		free(s);
		return ok;
	}
	set_widths(s);
	lxw_error e = lxw.workbook_close(s->wb);
	if (s->error != LXW_NO_ERROR) {
		snprintf(err, errlen, "写入 .xlsx 失败: %s", lxw.lxw_strerror(s->error));
		ok = false;
	} else if (e != LXW_NO_ERROR) {
		snprintf(err, errlen, "无法写入 %s: %s (磁盘已满或没有权限?)", s->path, lxw.lxw_strerror(e));
		ok = false;
	}
	free(s);
	return ok;
}
