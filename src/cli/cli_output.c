#include "cli/cli_output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base/err.h"
#include "base/csvout.h"
#include "base/encoding.h"
#include "cli/cli.h"
#include "base/out.h"
#include "base/text.h"

#define SHOWN_PROBLEMS 20

bool cli_out_encoding(cli_out *o, const char *option, const char *v)
{
	if (strcasecmp(v, "gbk") == 0 || strcasecmp(v, "cp936") == 0 || strcasecmp(v, "gb2312") == 0)
		o->gbk = true;
	else if (strcasecmp(v, "utf-8") == 0 || strcasecmp(v, "utf8") == 0)
		o->gbk = false;
	else {
		err_printf("nongjian: %s 只能是 utf-8 (默认，带 BOM) 或 gbk\n", option);
		return false;
	}
	return true;
}

bool cli_out_option(cli_out *o, int argc, char **argv, int *i, const char *const *formats)
{
	const char *a = argv[*i];
	if (*i + 1 >= argc)
		return false;
	const char *v = argv[*i + 1];
	if (strcmp(a, "-o") == 0) {
		o->path = v;
	} else if (strcmp(a, "--encoding") == 0) {
		if (!cli_out_encoding(o, a, v))
			o->bad = true;
	} else if (strcmp(a, "--format") == 0 && formats) {
		int k = 0;
		while (formats[k] && strcasecmp(formats[k], v) != 0)
			k++;
		if (!formats[k]) {
			err_printf("nongjian: --format 只能是");
			for (k = 0; formats[k]; k++)
				err_printf("%s%s", k ? " 或 " : " ", formats[k]);
			err_puts("\n");
			o->bad = true;
		}
		o->format = strcasecmp(v, "xlsx") == 0 ? OUT_XLSX : strcasecmp(v, "csv") == 0 ? OUT_CSV : OUT_TEXT;
		o->format_given = true;
	} else {
		return false;
	}
	(*i)++;
	return true;
}

int cli_options(cli_out *o, const char *const *formats, int argc, char **argv, const cli_opt *opts, size_t n,
                const char *usage)
{
	for (int i = 0; i < argc; i++) {
		if (o && cli_out_option(o, argc, argv, &i, formats))
			continue;
		size_t k = 0;
		while (k < n && (opts[k].name ? strcmp(argv[i], opts[k].name) != 0 ||
		                                    (!opts[k].flag && !opts[k].csv && i + 1 >= argc)
		                              : argv[i][0] == '-' || *opts[k].text))
			k++;
		if (k == n)
			return cli_usage(usage);
		const cli_opt *op = &opts[k];
		if (!op->name)
			*op->text = argv[i];
		else if (op->csv) {
			o->format = OUT_CSV;
			o->format_given = true;
		} else if (op->flag)
			*op->flag = true;
		else if (op->text)
			*op->text = argv[++i];
		else if (!cli_long(argv[++i], op->min, op->max, op->number))
			return cli_usage(op->bad);
	}
	return 0;
}

bool cli_row(FILE *out, bool csv, const char *const *cells, size_t n, size_t text_from)
{
	for (size_t i = 0; i < n; i++) {
		if (csv)
			csvout_field(out, cells[i], i == 0, i >= text_from);
		else if ((i && out_write_safe(out, "\t", 1) != 0) || out_write_safe(out, cells[i], strlen(cells[i])) != 0)
			return false;
	}
	if (csv)
		csvout_end(out);
	return csv || out_write_safe(out, "\n", 1) == 0;
}

bool cli_list_row(cli_list *x, const char *const *cells, size_t n, size_t text_from)
{
	x->n++;
	return cli_row(x->out, x->csv, cells, n, text_from);
}

void cli_csv_head(FILE *out, const char *const *head, size_t n)
{
	csvout_bom(out);
	cli_row(out, true, head, n, 0);
}

int cli_out_failed(const cli_out *o)
{
	return o->bad ? EXIT_USAGE : EXIT_FAIL;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && strcasecmp(s + n - t, tail) == 0;
}

/* The temporary beside -o FILE (see cli_out.part). */
static bool part_open(cli_out *o)
{
	int n = snprintf(o->part, sizeof o->part, "%s.tmp-%ld", o->path, (long)getpid());
	int fd = n > 0 && (size_t)n < sizeof o->part ? open(o->part, O_WRONLY | O_CREAT | O_EXCL, 0666) : -1;
	if (fd < 0) {
		err_printf("nongjian: 无法写入 %s: %s\n", o->path, err_reason(errno));
		o->part[0] = '\0';
		return false;
	}
	close(fd);
	return true;
}

/* Complete: fsync and rename over FILE; else remove the temporary. */
static bool part_close(cli_out *o, bool ok)
{
	if (!o->part[0])
		return ok;
	if (ok) {
		int fd = open(o->part, O_RDONLY);
		if (fd < 0 || fsync(fd) != 0) {
			err_printf("nongjian: 写入 %s 失败: %s\n", o->path, err_reason(errno));
			ok = false;
		}
		if (fd >= 0)
			close(fd);
	}
	if (ok && rename(o->part, o->path) != 0) {
		err_printf("nongjian: 无法把 %s 改名为 %s: %s\n", o->part, o->path, err_reason(errno));
		ok = false;
	}
	if (!ok) {
		unlink(o->part);
		err_printf("nongjian: 没有写出 %s (不会留下不完整的文件)\n", o->path);
	}
	o->part[0] = '\0';
	return ok;
}

bool cli_out_open(cli_out *o, out_format dflt)
{
	o->part[0] = '\0';
	if (o->bad)
		return false;
	if (!o->format_given)
		o->format = o->path && ends_with(o->path, ".xlsx") ? OUT_XLSX : dflt;
	o->fp = o->dst = o->tmp = NULL;
	if (o->format == OUT_XLSX) {
		if (o->gbk) {
			err_printf("nongjian: .xlsx 文件不分编码，不用 --encoding\n");
			return false;
		}
		if (o->path) {
			if (!part_open(o))
				return false;
			snprintf(o->xlsx_path, sizeof o->xlsx_path, "%s", o->part);
			return true;
		}
		if (isatty(1)) {
			err_printf("nongjian: .xlsx 不能显示在终端上，请用 -o 文件.xlsx 指定输出文件\n");
			return false;
		}
		/* To standard output by way of a temporary file (the library
		 * writes a file by name). */
		const char *dir = getenv("TMPDIR");
		snprintf(o->xlsx_path, sizeof o->xlsx_path, "%s/nongjian-XXXXXX", dir && *dir ? dir : "/tmp");
		int fd = mkstemp(o->xlsx_path);
		if (fd < 0) {
			err_printf("nongjian: 无法创建临时文件: %s\n", err_reason(errno));
			return false;
		}
		close(fd);
		o->xlsx_tmp = true;
		return true;
	}
	if (!o->path) {
		o->dst = stdout;
	} else if (!part_open(o)) {
		return false;
	} else if (!(o->dst = fopen(o->part, "wb"))) {
		err_printf("nongjian: 无法写入 %s: %s\n", o->path, err_reason(errno));
		part_close(o, false);
		return false;
	}
	bool crlf = o->format == OUT_TEXT && (o->path || !isatty(1));
	/* On a terminal every byte goes through the sanitising writer (out.h):
	 * a stored name must not reach the terminal as an escape. */
	if (o->gbk || crlf || (!o->path && isatty(1))) {
		if (!(o->tmp = tmpfile())) {
			err_printf("nongjian: 无法创建临时文件: %s\n", err_reason(errno));
			if (o->dst != stdout) {
				fclose(o->dst);
				part_close(o, false);
			}
			return false;
		}
		o->fp = o->tmp;
	} else {
		o->fp = o->dst;
	}
	return true;
}

/* GBK conversion: the header names (CSV) for the messages. */
typedef struct {
	char *names[256];
	int n;
	long bad;
} gbk_ctx;

static void unmappable(void *ctx, long row, int col, const char *ch)
{
	gbk_ctx *g = ctx;
	if (++g->bad > SHOWN_PROBLEMS)
		return;
	wchar_t w[2] = {0};
	text_to_wcs(ch, w, 2);
	err_printf("第 %ld 行%s%s: 字符 \"%s\" (U+%04lX) 无法用 GBK 表示，已写为 ?\n", row,
	        col < g->n ? " " : "", col < g->n ? g->names[col] : "", ch, (unsigned long)w[0]);
}

static void header_names(FILE *tmp, gbk_ctx *g)
{
	char line[8192];
	rewind(tmp);
	if (!fgets(line, sizeof line, tmp))
		return;
	char *p = line;
	if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	p[strcspn(p, "\r\n")] = '\0';
	for (char *save = NULL, *tok = strtok_r(p, ",", &save); tok && g->n < 256;
	     tok = strtok_r(NULL, ",", &save))
		g->names[g->n++] = xstrdup(tok);
}

/* Lone LF → CRLF, from the start of in to a new temporary file. */
static FILE *to_crlf(FILE *in)
{
	FILE *out = tmpfile();
	if (!out)
		return NULL;
	rewind(in);
	int c, prev = 0;
	while ((c = getc(in)) != EOF) {
		if (c == '\n' && prev != '\r')
			putc('\r', out);
		putc(c, out);
		prev = c;
	}
	if (ferror(in) || fflush(out) != 0 || ferror(out)) {
		fclose(out);
		return NULL;
	}
	rewind(out);
	return out;
}

static bool copy_all(FILE *in, FILE *out)
{
	char buf[65536];
	size_t n;
	rewind(in);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			return false;
	return !ferror(in);
}

/* Line by line, so that no character is cut in two between writes. */
static bool copy_safe(FILE *in, FILE *out)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	bool ok = true;
	rewind(in);
	while (ok && (n = getline(&line, &cap, in)) > 0)
		ok = out_write_safe(out, line, (size_t)n) == 0;
	free(line);
	return ok && !ferror(in);
}

static bool finish_xlsx(cli_out *o, bool ok)
{
	if (!o->xlsx_tmp)
		return part_close(o, ok);
	FILE *in = ok ? fopen(o->xlsx_path, "rb") : NULL;
	if (ok && (!in || !copy_all(in, stdout) || fflush(stdout) != 0)) {
		err_printf("nongjian: 写出 .xlsx 失败: %s\n", err_reason(errno));
		ok = false;
	}
	if (in)
		fclose(in);
	unlink(o->xlsx_path);
	return ok;
}

bool cli_out_close(cli_out *o, bool ok, long *replaced)
{
	if (replaced)
		*replaced = 0;
	if (o->format == OUT_XLSX)
		return finish_xlsx(o, ok);
	if (o->tmp && ok) {
		FILE *src = o->tmp, *crlf = NULL;
		if (fflush(src) != 0 || ferror(src)) {
			err_printf("nongjian: 写入临时文件失败 (磁盘已满?)\n");
			ok = false;
		}
		if (ok && o->format == OUT_TEXT && (o->path || !isatty(1))) {
			if (!(crlf = to_crlf(src))) {
				err_printf("nongjian: 写入临时文件失败 (磁盘已满?)\n");
				ok = false;
			}
			src = crlf;
		}
		if (ok && o->gbk) {
			gbk_ctx g = {.n = 0};
			if (o->format == OUT_CSV)
				header_names(src, &g);
			rewind(src);
			char err[512];
			long bad = enc_csv_to_gbk(src, o->dst, unmappable, &g, err, sizeof err);
			for (int i = 0; i < g.n; i++)
				free(g.names[i]);
			if (bad < 0) {
				err_printf("nongjian: %s\n", err);
				ok = false;
			} else if (bad > 0) {
				if (bad > SHOWN_PROBLEMS)
					err_printf("…… 共 %ld 个字符无法用 GBK 表示\n", bad);
				err_printf("nongjian: 有 %ld 个字符无法用 GBK 表示，已写为 ?；要保留全部字符请用 "
				        "--encoding utf-8 (Excel 2016 及以后的版本可直接打开带 BOM 的 UTF-8)\n", bad);
				if (replaced)
					*replaced = bad;
				ok = false;
			}
		} else if (ok && o->dst == stdout && isatty(1)) {
			ok = copy_safe(src, o->dst);
			if (!ok)
				err_printf("nongjian: 写入标准输出失败\n");
		} else if (ok && !copy_all(src, o->dst)) {
			err_printf("nongjian: 写入%s失败 (磁盘已满或没有权限?)\n", o->path ? o->path : "标准输出");
			ok = false;
		}
		if (crlf)
			fclose(crlf);
	}
	if (o->tmp)
		fclose(o->tmp);
	o->tmp = NULL;
	if (o->dst == stdout) {
		if (fflush(stdout) != 0)
			ok = false;
	} else if (o->dst && fclose(o->dst) != 0 && ok) {
		err_printf("nongjian: 写入 %s 失败 (磁盘已满或没有权限?)\n", o->path);
		ok = false;
	}
	o->dst = o->fp = NULL;
	return part_close(o, ok);
}

sheet *cli_out_sheet(cli_out *o, const char *name)
{
	if (o->format != OUT_XLSX)
		return sheet_csv(o->fp);
	char err[512];
	sheet *sh = sheet_xlsx(o->xlsx_path, name, err, sizeof err);
	if (!sh) {
		err_printf("nongjian: %s\n", err);
		cli_out_close(o, false, NULL);
	}
	return sh;
}

bool cli_out_close_sheet(cli_out *o, sheet *sh, bool ok, const char *err, long *replaced)
{
	char cerr[512];
	if (!ok)
		err_printf("nongjian: %s\n", err);
	if (!sheet_close(sh, cerr, sizeof cerr) && ok) {
		err_printf("nongjian: %s\n", cerr);
		ok = false;
	}
	return cli_out_close(o, ok, replaced);
}

bool cli_out_row(FILE *fp, bool csv, const char *const *cells, int n)
{
	return cli_row(fp, csv, cells, (size_t)n, 0);
}
