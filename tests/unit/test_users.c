/* Users, roles and scoping enforced in the domain; the append-only audit
 * trail; drafts. Against real SQLite with the shipped config and form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "check.h"
#include "testdb.h"
#include "base/config.h"
#include "store/db.h"
#include "store/draft.h"
#include "quota/quota.h"
#include "sample/followup.h"
#include "sample/sample.h"
#include "store/units.h"
#include "store/users.h"

static config *cfg;
static form_def *form;

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

static void rapid(sample *s, const char *town, const char *inhibition)
{
	sample_init(s);
	sample_set(s, SF_DATE, "2026-06-01");
	sample_set(s, SF_TOWN, town);
	sample_set(s, SF_KIND, "定性检测");
	sample_set(s, SF_PRODUCT, "豇豆");
	sample_set(s, SF_STAGE, "农贸市场");
	sample_set(s, SF_SAMPLERS, "张三");
	sample_set(s, SF_INHIBITION, inhibition);
}

typedef struct {
	int n;
	char actions[16][32];
	char logins[16][32];
	char last_after[256];
} audit_seen;

static void collect(void *ctx, const audit_row *r)
{
	audit_seen *a = ctx;
	if (a->n < 16) {
		snprintf(a->actions[a->n], sizeof a->actions[0], "%s", r->action);
		snprintf(a->logins[a->n], sizeof a->logins[0], "%s", r->login);
		a->n++;
	}
	snprintf(a->last_after, sizeof a->last_after, "%s", r->after);
}

static void draft_cb(void *ctx, const char *key, const char *value)
{
	char *out = ctx;
	size_t n = strlen(out);
	snprintf(out + n, 512 - n, "%s=%s;", key, value);
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);
	char err[1024];
	cfg = config_load("conf/nongjian.ini", err, sizeof err);
	form = cfg ? form_load("forms/sample.ini", sample_keys, err, sizeof err) : NULL;
	db_conn *db = cfg && form ? test_db_open(1000, err, sizeof err) : NULL;
	if (!db || !units_sync(db, cfg, err, sizeof err)) {
		printf("not ok - set-up: %s\n", err);
		return 1;
	}

	/* Bootstrap: whoever runs init first is the admin; only once. */
	CHECK(users_count(db) == 0, "a new database has no users");
	CHECK(user_bootstrap(db, "laowang", err, sizeof err), "bootstrap: %s", err);
	CHECK(user_bootstrap(db, "intruder", err, sizeof err) && users_count(db) == 1,
	      "a second bootstrap adds nobody");
	account admin, staff, sup, other;
	CHECK(user_load(db, "laowang", &admin, err, sizeof err) && admin.role == USER_ADMIN,
	      "the first user is an admin");
	CHECK(!user_load(db, "intruder", &other, err, sizeof err) && has(err, "还没有登记") &&
	      has(err, "nongjian user add intruder"), "an unknown login is told what to ask for: %s", err);

	/* Admin jobs. */
	CHECK(user_add(db, cfg, &admin, "xiaoli", "小李", USER_STAFF, "侣俸镇", err, sizeof err), "add staff: %s", err);
	CHECK(user_add(db, cfg, &admin, "kezhang", "科长", USER_SUPERVISOR, "", err, sizeof err), "add supervisor: %s", err);
	CHECK(!user_add(db, cfg, &admin, "xiaoli", "又一个", USER_STAFF, "土桥镇", err, sizeof err) && has(err, "已经存在"),
	      "duplicate login refused: %s", err);
	CHECK(!user_add(db, cfg, &admin, "nobody", "无名", USER_STAFF, "", err, sizeof err) && has(err, "必须指定所属镇街"),
	      "staff without a town refused: %s", err);
	CHECK(!user_add(db, cfg, &admin, "bj", "北京", USER_STAFF, "北京", err, sizeof err) && has(err, "未知镇街"),
	      "unknown town refused: %s", err);
	CHECK(!user_add(db, cfg, &admin, "bad name", "x", USER_STAFF, "侣俸镇", err, sizeof err) && has(err, "登录名"),
	      "a login with a space refused");
	CHECK(!user_add(db, cfg, &admin, "evil", "\x1b[31m红", USER_STAFF, "侣俸镇", err, sizeof err),
	      "a name with a terminal escape refused");
	user_load(db, "xiaoli", &staff, err, sizeof err);
	user_load(db, "kezhang", &sup, err, sizeof err);
	CHECK(staff.role == USER_STAFF && strcmp(staff.town, "侣俸镇") == 0 && strcmp(staff.name, "小李") == 0,
	      "staff loaded with role and town");
	CHECK(!user_add(db, cfg, &staff, "x2", "x", USER_STAFF, "侣俸镇", err, sizeof err) && has(err, "只有管理员"),
	      "staff cannot add users: %s", err);
	CHECK(user_role_from("监管督查") == USER_SUPERVISOR && user_role_from("admin") == USER_ADMIN &&
	      user_role_from("boss") == -1, "roles by label or code");

	/* Scoping of samples. */
	sample s;
	sample_error e;
	rapid(&s, "土桥镇", "20");
	CHECK(!sample_insert(db, cfg, form, &s, &staff, &e) && e.field == SF_TOWN && has(e.msg, "本单位 (侣俸镇)"),
	      "staff cannot enter another town's sample: %s", e.msg);
	sample_free(&s);
	rapid(&s, "侣俸镇", "55");
	sample_set(&s, SF_SITE, "土桥镇");
	CHECK(!sample_insert(db, cfg, form, &s, &staff, &e) && e.field == SF_SITE && has(e.msg, "只在本镇街抽样"),
	      "a township room samples in its own town only: %s", e.msg);
	sample_set(&s, SF_SITE, "");
	CHECK(sample_insert(db, cfg, form, &s, &staff, &e), "staff enters own town: %s", e.msg);
	long long own = s.id;
	sample_free(&s);
	rapid(&s, "土桥镇", "60");
	CHECK(sample_insert(db, cfg, form, &s, &admin, &e), "admin enters any town: %s", e.msg);
	long long foreign = s.id;
	int foreign_version = s.version;
	sample_free(&s);
	rapid(&s, "土桥镇", "5");
	CHECK(!sample_insert(db, cfg, form, &s, &sup, &e) && has(e.msg, "没有所属单位"),
	      "a supervisor without a unit enters no samples: %s", e.msg);
	sample_free(&s);

	sample_init(&s);
	sample_load(db, foreign, &s, err, sizeof err);
	sample_set(&s, SF_INHIBITION, "10");
	CHECK(!sample_correct(db, cfg, form, &s, "改一下", &staff, &e) && has(e.msg, "不能改动 土桥镇"),
	      "staff cannot correct another town's record: %s", e.msg);
	CHECK(!sample_void(db, foreign, foreign_version, "作废", &staff, err, sizeof err) && has(err, "土桥镇"),
	      "staff cannot void another town's record");
	sample_free(&s);

	/* Follow-up and targets. */
	followup_input block = {.step = "处置", .value = "禁止上市"};
	CHECK(!followup_add(db, cfg, foreign, &block, &staff, NULL, err, sizeof err) && has(err, "本单位 (侣俸镇)"),
	      "staff do not follow up another town's sample: %s", err);
	CHECK(followup_add(db, cfg, own, &block, &staff, NULL, err, sizeof err),
	      "staff follow up their own town's sample: %s", err);
	CHECK(followup_add(db, cfg, own, &block, &sup, NULL, err, sizeof err),
	      "a supervisor follows up any town's sample: %s", err);
	CHECK(!quota_set_target(db, cfg, 2026, "侣俸镇", KIND_RAPID, 900, &sup, err, sizeof err) && has(err, "管理员"),
	      "a supervisor cannot change targets");
	CHECK(quota_set_target(db, cfg, 2026, "侣俸镇", KIND_RAPID, 900, &admin, err, sizeof err), "admin sets a target");

	/* Disable. */
	CHECK(!user_disable(db, &admin, "laowang", err, sizeof err) && has(err, "自己"), "cannot disable oneself");
	CHECK(user_disable(db, &admin, "xiaoli", err, sizeof err), "disable staff: %s", err);
	CHECK(!user_load(db, "xiaoli", &other, err, sizeof err) && has(err, "已停用"), "a disabled login is refused");
	CHECK(user_set(db, cfg, &admin, "xiaoli", NULL, -1, "土桥镇", err, sizeof err) &&
	      user_load(db, "xiaoli", &other, err, sizeof err) && strcmp(other.town, "土桥镇") == 0,
	      "set moves a user to another town and re-enables");

	/* The audit trail: every change above, who did it, append-only. */
	audit_seen seen = {0};
	CHECK(audit_each(db, "", "", collect, &seen, err, sizeof err), "read audit: %s", err);
	bool create_by_staff = false, followed = false, target = false, disabled = false;
	for (int i = 0; i < seen.n; i++) {
		create_by_staff |= strcmp(seen.actions[i], "sample.create") == 0 && strcmp(seen.logins[i], "xiaoli") == 0;
		followed |= strcmp(seen.actions[i], "followup.add") == 0 && strcmp(seen.logins[i], "kezhang") == 0;
		target |= strcmp(seen.actions[i], "target.set") == 0;
		disabled |= strcmp(seen.actions[i], "user.disable") == 0;
	}
	CHECK(create_by_staff, "audit: the staff member's sample");
	CHECK(followed, "audit: the supervisor's follow-up");
	CHECK(target && disabled, "audit: target change and user disabled");
	audit_seen only = {0};
	audit_each(db, "", "kezhang", collect, &only, err, sizeof err);
	CHECK(only.n == 1 && strcmp(only.actions[0], "followup.add") == 0, "audit filtered by login");
	audit_seen later = {0};
	audit_each(db, "2999-01-01", "", collect, &later, err, sizeof err);
	CHECK(later.n == 0, "audit filtered by date");
	CHECK(db_exec(db, "UPDATE audit SET login = 'x'") != DB_OK,
	      "the audit table refuses UPDATE");
	CHECK(db_exec(db, "DELETE FROM audit") != DB_OK, "the audit table refuses DELETE");
	/* A refused write leaves no audit row behind. */
	int before = seen.n;
	rapid(&s, "土桥镇", "20");
	sample_insert(db, cfg, form, &s, &staff, &e);
	sample_free(&s);
	audit_seen again = {0};
	audit_each(db, "", "", collect, &again, err, sizeof err);
	CHECK(again.n == before, "a refused write is not audited as done");
	CHECK_STR(audit_action_label("sample.correct"), "更正记录", "action label");

	/* Drafts. */
	const char *keys[] = {"town", "producer", "inhibition"};
	const char *vals[] = {"侣俸镇", "织篢镇蔬菜合作社", "45"};
	CHECK(draft_save(db, "xiaoli", "sample", keys, vals, 3, err, sizeof err), "save a draft: %s", err);
	char got[512] = "", at[32];
	CHECK(draft_load(db, "xiaoli", "sample", draft_cb, got, at, sizeof at), "load the draft");
	CHECK_STR(got, "town=侣俸镇;producer=织篢镇蔬菜合作社;inhibition=45;", "draft values round-trip");
	got[0] = '\0';
	CHECK(!draft_load(db, "laowang", "sample", draft_cb, got, at, sizeof at), "drafts are per login");
	draft_clear(db, "xiaoli", "sample");
	CHECK(!draft_load(db, "xiaoli", "sample", draft_cb, got, at, sizeof at), "a cleared draft is gone");

	test_db_close(db);
	form_free(form);
	config_free(cfg);
	return check_done();
}
