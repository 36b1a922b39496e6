/* lookup — the producer registry part of the data set, and what one
 * keystroke in the 受检主体 field costs with it.
 *
 *   lookup --config FILE --db FILE [--producers N] [--listed N] [--rounds R]
 *
 * Adds N producers (50,000 by default) spread over the configured units,
 * with phones, credit codes and ratings, and N listed of them on the
 * blacklist, in one transaction with plain SQL (the registry's own insert
 * validates and numbers one at a time; this is the data, not its entry),
 * with the search index written as db_commit would.
 * Then times, per keystroke of a few typed words (a name, pinyin initials,
 * a phone, a credit code), what the entry form does: lookup_refresh (has
 * the registry changed?) and lookup_search (index queries in the database).
 *
 * Optional: built only when the registry (src/registry/lookup.h) exists; run.sh
 * skips the row when this does not compile against the current API.
 * Prints "lookup_producers N", "lookup_load_ms X", "lookup_key_ms X" per
 * keystroke, "lookup_hits N" (sanity: hits of the last word). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "base/text.h"
#include "base/dates.h"
#include "registry/lookup.h"
#include "store/search_index.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static const char *const surnames[] = {"张", "王", "李", "刘", "陈", "杨", "黄", "赵", "周", "吴",
                                       "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
static const char *const given[] = {"建国", "秀英", "明", "丽", "伟", "芳", "勇", "敏", "军", "静",
                                    "强", "磊", "洋", "艳", "杰", "娟", "涛", "超", "霞", "平"};
static const struct {
	const char *suffix, *code;
} kinds[] = {{"蔬菜专业合作社", "coop"}, {"家庭农场", "family_farm"}, {"果蔬种植基地", "base"},
             {"生态农业有限公司", "enterprise"}, {"种养大户", "grower"}, {"农资店", "input_shop"}};

static bool fill(db_conn *db, int units, int producers, int listed)
{
	char stamp[24];
	date_now_stamp(stamp, sizeof stamp);
	if (db_exec(db, "BEGIN IMMEDIATE") != DB_OK)
		return false;
	db_stmt *st = NULL, *bl = NULL;
	bool ok = db_prepare_rc(db,
		"INSERT INTO producers(name, kind, unit_id, village, contact, phone, credit_code, rating,"
		" created_at, created_by) VALUES (?1, ?2, (SELECT id FROM units ORDER BY sort, id"
		" LIMIT 1 OFFSET ?3), ?4, ?5, ?6, ?7, ?8, ?9, 'bench')", &st) == DB_OK &&
		db_prepare_rc(db,
		"INSERT INTO blacklist(producer_id, reason_kind, detail, since, added_at, added_by)"
		" VALUES (?1, 'failed_check', '监督抽查不合格 (基准测试数据)', '2025-06-01', ?2, 'bench')", &bl) == DB_OK;
	int step = listed > 0 ? producers / listed : 0;
	for (int i = 0; ok && i < producers; i++) {
		/* Distinct within a unit by construction: 20 × 20 × 6 names × village. */
		int u = i % units, j = i / units;
		char name[128], village[64], contact[32], phone[32], code[32];
		snprintf(name, sizeof name, "%s%s%s", surnames[j % 20], given[(j / 20) % 20],
		         kinds[(j / 400) % 6].suffix);
		snprintf(village, sizeof village, "%s村%d组", given[(j / 2400) % 20], j / 48000 + 1);
		snprintf(contact, sizeof contact, "%s%s", surnames[(j * 7) % 20], given[(j * 3) % 20]);
		snprintf(phone, sizeof phone, "1%02d%08d", 30 + i % 60, (i * 7919) % 100000000);
		snprintf(code, sizeof code, "9150%04d%09dX", u, i);
		db_bind_text_copy(st, 1, name);
		db_bind_text(st, 2, kinds[(j / 400) % 6].code);
		db_bind_int(st, 3, u);
		db_bind_text_copy(st, 4, village);
		db_bind_text_copy(st, 5, contact);
		db_bind_text_copy(st, 6, phone);
		if (i % 3 == 0)
			db_bind_text_copy(st, 7, code);
		else
			db_bind_null(st, 7);
		const char *rating = i % 10 == 0 ? "A" : i % 50 == 1 ? "B" : step && i % step == 2 ? "C" : NULL;
		if (rating)
			db_bind_text(st, 8, rating);
		else
			db_bind_null(st, 8);
		db_bind_text(st, 9, stamp);
		ok = db_step(st) == DB_DONE;
		db_reset(st);
		if (ok && step && i % step == 2) {
			db_bind_int64(bl, 1, db_last_insert_id(db));
			db_bind_text(bl, 2, stamp);
			ok = db_step(bl) == DB_DONE;
			db_reset(bl);
		}
	}
	if (!ok)
		fprintf(stderr, "lookup: %s\n", db_errmsg(db));
	db_finalize(st);
	db_finalize(bl);
	char err[512];
	if (ok && !search_index_sync(db, err, sizeof err)) { /* what db_commit does */
		fprintf(stderr, "lookup: %s\n", err);
		ok = false;
	}
	db_exec(db, ok ? "COMMIT" : "ROLLBACK");
	return ok;
}


int main(int argc, char **argv)
{
	text_use_utf8_locale();
	const char *conf = NULL, *db = NULL;
	int producers = 50000, listed = 500, rounds = 20;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--config") == 0)
			conf = argv[i + 1];
		else if (strcmp(argv[i], "--db") == 0)
			db = argv[i + 1];
		else if (strcmp(argv[i], "--producers") == 0)
			producers = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--listed") == 0)
			listed = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--rounds") == 0)
			rounds = atoi(argv[i + 1]);
	}
	if (!conf || !db || producers < 1 || listed < 0 || rounds < 1) {
		fprintf(stderr, "用法: lookup --config 文件 --db 文件 [--producers N] [--listed N] [--rounds R]\n");
		return 2;
	}
	app a;
	char err[1024];
	if (!app_open(&a, conf, db, false, err, sizeof err)) {
		fprintf(stderr, "lookup: %s\n", err);
		return 1;
	}
	if (!fill(a.db, a.cfg->ntowns, producers, listed)) {
		app_close(&a);
		return 1;
	}
	double t = now_ms();
	lookup_index *ix = lookup_load(a.db, err, sizeof err);
	if (!ix) {
		fprintf(stderr, "lookup: %s\n", err);
		app_close(&a);
		return 1;
	}
	printf("lookup_load_ms\t%.2f\n", now_ms() - t);
	printf("lookup_producers\t%d\n", lookup_count(ix));
	/* What a user types, one keystroke at a time (whole characters). */
	static const char *const words[] = {"张建国", "zjgjt", "wxysc", "合作社", "13100", "91500003"};
	int hits = 0;
	for (int r = 0; r < rounds; r++) {
		for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
			const char *word = words[w];
			size_t len = strlen(word);
			for (size_t end = 1; end <= len; end++) {
				if (end < len && ((unsigned char)word[end] & 0xC0) == 0x80)
					continue; /* inside a character */
				char typed[64];
				snprintf(typed, sizeof typed, "%.*s", (int)end, word);
				lookup_hit h[8];
				int total = 0;
				t = now_ms();
				if (!lookup_refresh(a.db, &ix, err, sizeof err)) {
					fprintf(stderr, "lookup: %s\n", err);
					break;
				}
				int n = lookup_search(ix, typed, h, 8, &total);
				printf("lookup_key_ms\t%.3f\n", now_ms() - t);
				hits = n;
			}
		}
	}
	printf("lookup_hits\t%d\n", hits);
	lookup_free(ix);
	app_close(&a);
	return 0;
}
