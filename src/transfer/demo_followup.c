/* demo_followup.c: the demo's 检打联动, so that `make run` shows a
 * follow-up screen and a 处置率 a supervisor recognises: most cases of
 * samples taken more than two weeks ago handled to 结案 (a rapid positive
 * retested, then disposed of; a quantitative failure disposed of), the
 * recent ones still open, a few of the old ones left open and overdue.
 * Every step goes through followup_add, so the demo obeys the same order
 * and date rules as a clerk. */
#include "transfer/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/dates.h"
#include "base/kinds.h"
#include "base/text.h"
#include "base/values.h"
#include "sample/followup.h"
#include "store/db.h"

typedef struct {
	long long id;
	int kind;
	ymd date;
	char inhibition[32]; /* a rapid test's 抑制率, "" for a strip */
} demo_case;

static unsigned roll(unsigned long long *s, unsigned n)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((*s >> 33) % n);
}

static bool step(app *a, const demo_case *dc, int after, const char *what, const char *value, const char *qty,
                 char *err, size_t errlen)
{
	char date[16];
	date_format(date_from_days(date_days(dc->date) + after), date, sizeof date);
	followup_input in = {.step = what, .date = date, .value = value, .quantity = qty};
	char why[512];
	if (followup_add(a->db, a->cfg, dc->id, &in, USER_AS("demo"), NULL, why, sizeof why))
		return true;
	snprintf(err, errlen, "演示数据的检打联动步骤 (%s) 失败: %s", what, why);
	return false;
}

/* Load the failed cases (not the warning band's) in sampling order into
 * *out (NULL when there are none). */
static bool load_cases(app *a, demo_case **out, long *n, char *err, size_t errlen)
{
	*out = NULL;
	db_stmt *st = db_prepare(a->db,
		"SELECT s.id, s.kind, s.sample_date, s.inhibition FROM followup_cases c JOIN samples s ON s.id = c.sample_id"
		" WHERE c.reason = 'fail' ORDER BY s.sample_date, s.id",
		err, errlen);
	if (!st)
		return false;
	demo_case *v = NULL;
	size_t cap = 0;
	*n = 0;
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		v = xgrow(v, &cap, (size_t)*n + 1, sizeof *v);
		demo_case *dc = &v[(*n)++];
		dc->id = db_column_int64(st, 0);
		dc->kind = kind_from_code(db_column_text(st, 1));
		date_parse(db_column_text(st, 2), &dc->date);
		dc->inhibition[0] = '\0';
		if (db_column_type(st, 3) != DB_NULL)
			values_format_number(db_column_double(st, 3), dc->inhibition, sizeof dc->inhibition);
	}
	if (!db_finish(a->db, st, rc, "读取演示案件失败", err, errlen)) {
		free(v);
		return false;
	}
	*out = v;
	return true;
}

long demo_followups(app *a, unsigned seed, char *err, size_t errlen)
{
	long n = 0;
	demo_case *v;
	if (!load_cases(a, &v, &n, err, errlen))
		return -1;
	unsigned long long r = seed * 2654435761ULL + 17;
	long today = date_days(date_today()), closed = 0;
	static const char *const actions[] = {"禁止上市", "监督销毁", "无害化处理", "责令召回"};
	bool ok = true;
	for (long i = 0; ok && i < n; i++) {
		const demo_case *dc = &v[i];
		/* Two weeks gives every step its day; one old case in eight stays
		 * open (overdue), as a town behind on its follow-up would. */
		if (date_days(dc->date) + 14 > today || roll(&r, 8) == 0)
			continue;
		const char *action = actions[roll(&r, 4)];
		if (dc->kind == KIND_RAPID)
			ok = step(a, dc, 1, "复检", *dc->inhibition ? dc->inhibition : "阳性", NULL, err, errlen) &&
			     step(a, dc, 2, "处置", action, "20kg", err, errlen);
		else
			ok = step(a, dc, 2, "处置", action, "50kg", err, errlen);
		ok = ok && step(a, dc, 6, "结案", "已监督处置，责令整改", NULL, err, errlen);
		closed += ok;
	}
	free(v);
	return ok ? closed : -1;
}
