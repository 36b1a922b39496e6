/* The instrument's result file: both shipped layouts (conf/instruments.ini
 * with the files in tests/instrument/) read by channel, the layout chosen
 * by the header, and the bad files of issue 18: a channel beyond the
 * unit's count, an inhibition out of range, a time on another day. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/config.h"
#include "sample/run.h"
#include "transfer/instrument.h"

static config *cfg;
static const char *layouts = "conf/instruments.ini";

static bool read_text(const char *text, const char *model, inst_file *f, char *err, size_t errlen)
{
	FILE *fp = tmpfile();
	fputs(text, fp);
	rewind(fp);
	bool ok = inst_read(fp, "测试文件.csv", layouts, model, f, err, errlen);
	fclose(fp);
	return ok;
}

static bool read_path(const char *path, inst_file *f, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return false;
	bool ok = inst_read(fp, path, layouts, NULL, f, err, errlen);
	fclose(fp);
	return ok;
}

static void new_run(run *r)
{
	run_init(r, 9);
	run_set(r, SF_DATE, "2026-06-01");
	run_set(r, SF_TOWN, "侣俸镇");
}

static bool has(const run_problems *p, int channel, const char *text)
{
	for (int i = 0; i < p->n; i++)
		if (p->p[i].channel == channel && strstr(p->p[i].msg, text))
			return true;
	return false;
}

static void test_layouts(void)
{
	inst_file *f = calloc(1, sizeof *f);
	char err[1024];
	run r;
	run_problems p, notes;
	CHECK(read_path("tests/instrument/tongyong.csv", f, err, sizeof err), "通用 file reads: %s", err);
	CHECK_STR(f->layout, "通用", "the plain layout chosen by its header");
	CHECK(f->n == 10 && f->rows[0].control && f->rows[1].channel == 1, "10 rows, the first the control");
	new_run(&r);
	sample_set(&r.rows[0], SF_PRODUCER, "侣俸镇绿源蔬菜专业合作社");
	CHECK(inst_fill_run(cfg, f, &r, &p, &notes) == 9 && p.n == 0, "9 channels filled, no problem");
	CHECK_STR(r.rows[2].v[SF_INHIBITION], "55.0", "channel 3's inhibition");
	CHECK_STR(r.rows[2].v[SF_PRODUCT], "芹菜", "an empty 样品名称 filled with the listed product");
	CHECK_STR(r.rows[0].v[SF_PRODUCER], "侣俸镇绿源蔬菜专业合作社", "what the clerk typed stays");
	CHECK_STR(r.run_time, "09:42", "the run's time from the file");
	run_free(&r);

	CHECK(read_path("tests/instrument/baobiao-gbk.csv", f, err, sizeof err), "GBK report reads: %s", err);
	CHECK_STR(f->layout, "报表式", "the report layout wins on its ΔA column");
	new_run(&r);
	sample_set(&r.rows[3], SF_INHIBITION, "40");
	sample_set(&r.rows[4], SF_PRODUCT, "丝瓜");
	CHECK(inst_fill_run(cfg, f, &r, &p, &notes) == 8, "8 filled: channel 4 was typed already");
	CHECK_STR(r.rows[0].v[SF_INHIBITION], "12.4", "CH1 read as channel 1, 12.4% as 12.4");
	CHECK_STR(r.rows[3].v[SF_INHIBITION], "40", "a typed inhibition is not overwritten");
	CHECK(has(&notes, 4, "未改动"), "but the difference is shown to check");
	CHECK(has(&notes, 5, "黄瓜"), "a product differing from the grid's is shown to check");
	CHECK_STR(r.rows[4].v[SF_PRODUCT], "丝瓜", "and not swapped");
	CHECK_STR(r.control, "0.652", "the control row's ΔA is the run's ΔA0 (GB/T 5009.199)");
	run_free(&r);

	CHECK(!read_text("通道,抑制率\n1,20\n", "报表式", f, err, sizeof err) && strstr(err, "报表式"),
	      "a file that does not fit the named layout is refused: %s", err);
	CHECK(!read_text("样品,数值\n1,20\n", NULL, f, err, sizeof err) && strstr(err, "不符合任何"),
	      "a file no layout fits is refused: %s", err);
	CHECK(!read_text("通道,抑制率\n", NULL, f, err, sizeof err) && strstr(err, "没有检测结果"),
	      "a header alone is refused: %s", err);
	FILE *fp = tmpfile();
	fwrite("PK\x03\x04rest", 1, 8, fp);
	rewind(fp);
	CHECK(!inst_read(fp, "结果.xlsx", layouts, NULL, f, err, sizeof err) && strstr(err, "CSV"),
	      "a workbook is refused with the fix: %s", err);
	fclose(fp);
	free(f);
}

static void test_bad_files(void)
{
	inst_file *f = calloc(1, sizeof *f);
	char err[1024];
	run r;
	run_problems p, notes;
	CHECK(read_text("通道,样品名称,抑制率(%),结果,检测时间\n"
	                "1,豇豆,120,阳性,2026-06-01 09:00\n"
	                "2,芹菜,abc,阴性,2026-06-01 09:00\n"
	                "12,菠菜,20,阴性,2026-06-01 09:00\n"
	                "3,黄瓜,60,阴性,2026-06-01 09:00\n"
	                "3,黄瓜,61,阴性,2026-06-01 09:00\n",
	                NULL, f, err, sizeof err), "a file with bad rows still reads: %s", err);
	new_run(&r);
	CHECK(inst_fill_run(cfg, f, &r, &p, &notes) == 1, "only channel 3 is filled");
	CHECK(has(&p, 1, "120") && !*r.rows[0].v[SF_INHIBITION], "inhibition 120 refused in its cell, not filled");
	CHECK(has(&p, 2, "abc"), "inhibition abc refused");
	CHECK(has(&p, 0, "超出") && has(&p, 0, "9 个通道"), "channel 12 beyond the unit's 9 refused");
	CHECK(has(&p, 3, "两次"), "a channel twice in the file is reported");
	CHECK(has(&notes, 3, "阳性"), "the instrument's 阴性 for 60%% differs from ours: shown");
	run_free(&r);

	CHECK(read_text("通道,抑制率,检测时间\n1,20,2026-05-31 17:00\n", NULL, f, err, sizeof err), "an old file reads");
	new_run(&r);
	CHECK(inst_fill_run(cfg, f, &r, &p, &notes) == 0 && has(&p, 0, "2026-05-31") && has(&p, 0, "不是本批的日期"),
	      "a file of another day fills nothing and says which days");
	CHECK(!*r.rows[0].v[SF_INHIBITION], "nothing filled from it");
	run_free(&r);
	free(f);
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);
	char err[1024];
	cfg = config_load("conf/nongjian.ini", err, sizeof err);
	CHECK(cfg != NULL, "config: %s", cfg ? "" : err);
	if (!cfg)
		return check_done();
	char path[4096];
	inst_layouts_path(cfg, path, sizeof path);
	CHECK_STR(path, "conf/instruments.ini", "layouts beside the configuration");
	test_layouts();
	test_bad_files();
	config_free(cfg);
	return check_done();
}
