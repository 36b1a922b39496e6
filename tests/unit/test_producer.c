/* The producer registry, credit ratings and the blacklist against a real
 * SQLite database: validation and check characters, duplicate codes, the
 * same name in two towns, edits with history, the C → blacklist rule,
 * lifting that keeps history, the database's own guards, and the lookup
 * index (name, initials, codes, phone, status). Uses the shipped
 * conf/nongjian.ini, forms/producer.ini and forms/sample.ini. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/blacklist.h"
#include "check.h"
#include "testdb.h"
#include "base/config.h"
#include "store/db.h"
#include "record/formdef.h"
#include "base/idcode.h"
#include "registry/lookup.h"
#include "registry/producer.h"
#include "registry/rating.h"
#include "sample/sample.h"
#include "store/units.h"

static config *cfg;
static form_def *form, *sform;

static bool has(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

static long long count(db_conn *db, const char *sql)
{
	db_stmt *st;
	long long n = -1;
	if (db_prepare_rc(db, sql, &st) == DB_OK && db_step(st) == DB_ROW)
		n = db_column_int64(st, 0);
	db_finalize(st);
	return n;
}

static bool exec_fails(db_conn *db, const char *sql)
{
	return db_exec(db, sql) != DB_OK;
}

/* A valid credit code / ID number built from 17 characters. */
static const char *uscc(const char *first17)
{
	static char buf[4][19];
	static int k;
	char *b = buf[k++ % 4];
	snprintf(b, 19, "%s%c", first17, idcode_uscc_check(first17));
	return b;
}

static const char *idno(const char *first17)
{
	static char buf[4][19];
	static int k;
	char *b = buf[k++ % 4];
	snprintf(b, 19, "%s%c", first17, idcode_id_check(first17));
	return b;
}

static void fill(producer *p, const char *name, const char *kind, const char *town)
{
	producer_init(p);
	producer_set(p, PF_NAME, name);
	producer_set(p, PF_KIND, kind);
	producer_set(p, PF_TOWN, town);
}

static long long add(db_conn *db, producer *p, producer_error *e)
{
	return producer_insert(db, cfg, form, p, USER_AS("登记员"), e) ? p->id : 0;
}

static long long add_simple(db_conn *db, const char *name, const char *kind, const char *town,
                            const char *credit, const char *id_number, const char *phone)
{
	producer p;
	producer_error e;
	fill(&p, name, kind, town);
	producer_set(&p, PF_CREDIT_CODE, credit ? credit : "");
	producer_set(&p, PF_ID_NUMBER, id_number ? id_number : "");
	producer_set(&p, PF_PHONE, phone ? phone : "");
	long long id = add(db, &p, &e);
	if (!id)
		printf("# add %s failed: %s\n", name, e.msg);
	producer_free(&p);
	return id;
}

static void test_registry(db_conn *db)
{
	producer p, q;
	producer_error e;
	char err[512];

	fill(&p, "张三农场", "家庭农场", "侣俸镇");
	producer_set(&p, PF_VILLAGE, "白龙村");
	producer_set(&p, PF_CONTACT, "张三");
	producer_set(&p, PF_PHONE, "138 2345 6789");
	producer_set(&p, PF_CREDIT_CODE, uscc("92500151MA60HK3P1"));
	producer_set(&p, PF_CERTIFICATIONS, "有机，绿色");
	producer_set(&p, PF_PRODUCTS, "豇豆、番茄");
	long long id = add(db, &p, &e);
	CHECK(id > 0 && p.version == 1, "register 张三农场: %s", e.msg);
	CHECK_STR(p.v[PF_CERTIFICATIONS], "绿色食品、有机农产品", "certifications in canonical order");
	CHECK_STR(p.v[PF_MONITORING], "否", "empty flag becomes 否");
	producer_init(&q);
	CHECK(producer_load(db, id, &q, err, sizeof err), "load back");
	CHECK_STR(q.v[PF_KIND], "家庭农场", "kind label round-trips");
	CHECK_STR(q.v[PF_TOWN], "侣俸镇", "town round-trips");
	CHECK_STR(q.v[PF_CREDIT_CODE], uscc("92500151MA60HK3P1"), "credit code stored");
	CHECK(q.rating == 0, "not rated yet");
	CHECK_STR(q.created_by, "登记员", "created_by");
	producer_free(&q);
	producer_free(&p);

	/* Lower-case input is accepted and stored upper-case. */
	fill(&p, "绿源蔬菜专业合作社", "合作社", "土桥");
	char lower[19];
	snprintf(lower, sizeof lower, "%s", uscc("93500151MA5U4XXX0"));
	for (char *c = lower; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	producer_set(&p, PF_CREDIT_CODE, lower);
	CHECK(add(db, &p, &e) > 0 && strcmp(p.v[PF_CREDIT_CODE], uscc("93500151MA5U4XXX0")) == 0,
	      "lower-case credit code normalised: %s", p.v[PF_CREDIT_CODE]);
	CHECK_STR(p.v[PF_TOWN], "土桥镇", "short town name resolved");
	producer_free(&p);

	/* Wrong check characters are refused, naming the code. */
	char bad[19];
	snprintf(bad, sizeof bad, "%s", uscc("91500151MA61ABCD2"));
	bad[17] = bad[17] == '0' ? '1' : '0';
	fill(&p, "坏代码公司", "企业", "巴川街道");
	producer_set(&p, PF_CREDIT_CODE, bad);
	CHECK(!add(db, &p, &e) && e.field == PF_CREDIT_CODE && has(e.msg, bad) && has(e.msg, "统一社会信用代码") &&
	      has(e.msg, "校验位"), "wrong credit code check refused: %s", e.msg);
	producer_free(&p);
	snprintf(bad, sizeof bad, "%s", idno("50015119800101123"));
	bad[17] = bad[17] == '5' ? '6' : '5';
	fill(&p, "李四", "小农户", "巴川街道");
	producer_set(&p, PF_ID_NUMBER, bad);
	CHECK(!add(db, &p, &e) && e.field == PF_ID_NUMBER && has(e.msg, "身份证号") && has(e.msg, bad),
	      "wrong ID check refused: %s", e.msg);
	producer_free(&p);

	/* Other field rules. */
	fill(&p, "王五", "散户", "巴川街道");
	CHECK(!add(db, &p, &e) && e.field == PF_KIND, "unknown kind refused: %s", e.msg);
	producer_free(&p);
	fill(&p, "王五", "小农户", "火星镇");
	CHECK(!add(db, &p, &e) && e.field == PF_TOWN, "unknown town refused: %s", e.msg);
	producer_free(&p);
	fill(&p, "", "小农户", "巴川街道");
	CHECK(!add(db, &p, &e) && e.field == PF_NAME, "name required: %s", e.msg);
	producer_free(&p);
	fill(&p, "王五", "小农户", "巴川街道");
	producer_set(&p, PF_PHONE, "电话不详");
	CHECK(!add(db, &p, &e) && e.field == PF_PHONE, "bad phone refused: %s", e.msg);
	producer_set(&p, PF_PHONE, "023-45678901/13800000000");
	producer_set(&p, PF_CERTIFICATIONS, "无公害");
	CHECK(!add(db, &p, &e) && e.field == PF_CERTIFICATIONS && has(e.msg, "无公害"),
	      "unknown certification refused: %s", e.msg);
	producer_set(&p, PF_CERTIFICATIONS, "");
	producer_set(&p, PF_ID_NUMBER, idno("50015119800101123"));
	CHECK(add(db, &p, &e) > 0, "two phones with / accepted, ID number accepted: %s", e.msg);
	producer_free(&p);

	/* Duplicate codes are refused, naming who holds them. */
	fill(&p, "另一家", "企业", "巴川街道");
	producer_set(&p, PF_CREDIT_CODE, uscc("92500151MA60HK3P1"));
	CHECK(!add(db, &p, &e) && e.field == PF_CREDIT_CODE && has(e.msg, "已登记") && has(e.msg, "张三农场"),
	      "duplicate credit code refused: %s", e.msg);
	producer_set(&p, PF_CREDIT_CODE, "");
	producer_set(&p, PF_ID_NUMBER, idno("50015119800101123"));
	CHECK(!add(db, &p, &e) && e.field == PF_ID_NUMBER && has(e.msg, "王五"),
	      "duplicate ID number refused: %s", e.msg);
	producer_free(&p);
	CHECK(exec_fails(db, "UPDATE producers SET credit_code = (SELECT credit_code FROM producers "
	                     "WHERE name = '张三农场') WHERE name = '王五'"),
	      "the database refuses a duplicate credit code too");

	/* Same name: another town is fine; the same town and village is not. */
	CHECK(add_simple(db, "张三农场", "家庭农场", "安居镇", NULL, NULL, NULL) > 0,
	      "same name in another town allowed");
	fill(&p, "张三农场", "家庭农场", "侣俸镇");
	producer_set(&p, PF_VILLAGE, "白龙村");
	CHECK(!add(db, &p, &e) && e.field == PF_NAME && has(e.msg, "同名"), "same name, town and village refused: %s",
	      e.msg);
	producer_set(&p, PF_VILLAGE, "石门村");
	CHECK(add(db, &p, &e) > 0, "same name in another village of the town allowed: %s", e.msg);
	producer_free(&p);

	/* Finding by number, code and name. */
	long long ids[4];
	CHECK(producer_find(db, "1", ids, 4, err, sizeof err) == 1 && ids[0] == 1, "find by number");
	CHECK(producer_find(db, "#1", ids, 4, err, sizeof err) == 1 && ids[0] == 1, "find by #number");
	CHECK(producer_find(db, uscc("92500151MA60HK3P1"), ids, 4, err, sizeof err) == 1 && ids[0] == id,
	      "find by credit code");
	CHECK(producer_find(db, "张三农场", ids, 4, err, sizeof err) == 3, "three producers named 张三农场");
	CHECK(producer_find(db, "没有这家", ids, 4, err, sizeof err) == 0, "unknown name finds none");
}

static void count_change(void *ctx, const producer_change *ch)
{
	int *n = ctx;
	if (strcmp(ch->field, "phone") == 0 && strcmp(ch->new_value, "13900000000") == 0)
		(*n)++;
}

static void test_update(db_conn *db)
{
	producer p, stale;
	producer_error e;
	char err[512];
	producer_init(&p);
	producer_init(&stale);
	CHECK(producer_load(db, 1, &p, err, sizeof err) && producer_load(db, 1, &stale, err, sizeof err),
	      "load for edit");
	producer_set(&p, PF_PHONE, "13900000000");
	CHECK(producer_update(db, cfg, form, &p, "换了手机", USER_AS("审核员"), &e) && p.version == 2,
	      "edit saved as version 2: %s", e.msg);
	int n = 0;
	CHECK(producer_history(db, 1, count_change, &n, err, sizeof err) && n == 1, "the change is in the history");
	producer_set(&stale, PF_CONTACT, "别人");
	CHECK(!producer_update(db, cfg, form, &stale, "", USER_AS("另一人"), &e) && has(e.msg, "已被"),
	      "a stale edit is refused: %s", e.msg);
	CHECK(!producer_update(db, cfg, form, &p, "", USER_AS("审核员"), &e) && has(e.msg, "没有任何改动"),
	      "an edit without changes is refused");
	producer_set(&p, PF_CREDIT_CODE, uscc("93500151MA5U4XXX0"));
	CHECK(!producer_update(db, cfg, form, &p, "", USER_AS("审核员"), &e) && e.field == PF_CREDIT_CODE,
	      "an edit cannot take another's code: %s", e.msg);
	producer_free(&p);
	producer_free(&stale);
	CHECK(exec_fails(db, "DELETE FROM producers WHERE id = 1"), "producers cannot be deleted");
	CHECK(exec_fails(db, "UPDATE producer_changes SET new_value = 'x'"), "producer history cannot be changed");
	CHECK(exec_fails(db, "DELETE FROM producer_changes"), "producer history cannot be deleted");
}

static int listings(db_conn *db, long long id, const char *extra)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM blacklist WHERE producer_id = %lld %s", id, extra);
	return (int)count(db, sql);
}

static void test_rating_blacklist(db_conn *db)
{
	char err[512];
	long long listing = -1;
	long long id = add_simple(db, "赵六果园", "种养大户", "高楼镇", NULL, NULL, "023-45678901");
	CHECK(id > 0, "register 赵六果园");
	CHECK(!rating_set(db, cfg, id, 'A', "", "", USER_AS("评级员"), NULL, err, sizeof err) && has(err, "原因"),
	      "a rating needs a reason: %s", err);
	CHECK(!rating_set(db, cfg, id, 'A', "2099-01-01", "年度评价", USER_AS("评级员"), NULL, err, sizeof err),
	      "a rating in the future is refused");
	CHECK(rating_set(db, cfg, id, 'A', "2026-03-01", "2025 年度信用评价", USER_AS("评级员"), &listing, err, sizeof err) &&
	      listing == 0, "rated A: %s", err);
	CHECK(!rating_set(db, cfg, id, 'A', "", "再评", USER_AS("评级员"), NULL, err, sizeof err) && has(err, "已经是 A"),
	      "the same rating again is refused: %s", err);
	CHECK(rating_set(db, cfg, id, 'B', "", "抽检一次不合格", USER_AS("评级员"), &listing, err, sizeof err) && listing == 0,
	      "rated B (no listing)");
	blacklist_entry be;
	CHECK(!blacklist_active(db, id, &be), "B is not blacklisted");
	CHECK(rating_set(db, cfg, id, 'C', "", "两次抽检不合格，拒不整改", USER_AS("评级员"), &listing, err, sizeof err) &&
	      listing > 0, "rated C opens a listing: %s", err);
	CHECK(blacklist_active(db, id, &be) && be.kind == BL_RATING_C && be.rating_id > 0 &&
	      has(be.detail, "拒不整改") && strcmp(be.added_by, "评级员") == 0 && strcmp(be.since, "2026-06-15") == 0,
	      "the listing says C评级, links the rating, who and since when");
	/* Rating back up does not lift silently. */
	CHECK(rating_set(db, cfg, id, 'A', "", "整改后复评", USER_AS("评级员"), &listing, err, sizeof err) && listing == 0,
	      "rated back to A");
	CHECK(blacklist_active(db, id, NULL), "still blacklisted after rating up: lifting is explicit");
	CHECK(!blacklist_lift(db, id, "", USER_AS("评级员"), NULL, err, sizeof err) && has(err, "原因"),
	      "lifting needs a reason: %s", err);
	int lifted = 0;
	CHECK(blacklist_lift(db, id, "整改验收合格", USER_AS("科长"), &lifted, err, sizeof err) && lifted == 1, "lifted");
	CHECK(!blacklist_active(db, id, NULL), "no longer active");
	CHECK(listings(db, id, "") == 1 && listings(db, id, "AND lift_reason = '整改验收合格' AND lifted_by = '科长'") == 1,
	      "the lifted listing is kept with when/who/why");
	CHECK(!blacklist_lift(db, id, "再解除", USER_AS("科长"), NULL, err, sizeof err) && has(err, "不在黑名单"),
	      "lifting again is refused: %s", err);
	CHECK(count(db, "SELECT count(*) FROM producer_ratings") >= 4 &&
	      count(db, "SELECT group_concat(coalesce(old_rating,'-') || new_rating, ' ') FROM producer_ratings") != -1,
	      "every rating is in the history");
	char chain[64] = "";
	db_stmt *st;
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT group_concat(coalesce(old_rating,'-') || '>' || new_rating, ' ') "
	         "FROM (SELECT * FROM producer_ratings WHERE producer_id = %lld ORDER BY id)", id);
	if (db_prepare_rc(db, sql, &st) == DB_OK && db_step(st) == DB_ROW)
		snprintf(chain, sizeof chain, "%s", db_column_text(st, 0));
	db_finalize(st);
	CHECK_STR(chain, "->A A>B B>C C>A", "rating history from→to");

	/* A manual listing; a second active one is refused. */
	CHECK(blacklist_add(db, id, BL_BANNED, "检出禁用农药克百威", "2026-06-10", "", 0, USER_AS("科长"), err, sizeof err) > 0,
	      "listed for a banned substance: %s", err);
	CHECK(!blacklist_add(db, id, BL_CASE, "立案", "", "", 0, USER_AS("科长"), err, sizeof err) && has(err, "已在黑名单"),
	      "a second active listing is refused: %s", err);
	CHECK(!blacklist_add(db, id, BL_CASE, "", "", "", 0, USER_AS("科长"), err, sizeof err), "a listing needs a reason");
	CHECK(!blacklist_add(db, 99999, BL_CASE, "立案", "", "", 0, USER_AS("科长"), err, sizeof err) && has(err, "找不到"),
	      "listing an unknown producer is refused: %s", err);
	/* Rating C while listed keeps the one listing. */
	CHECK(rating_set(db, cfg, id, 'C', "", "再次不合格", USER_AS("评级员"), &listing, err, sizeof err) && listing == 0 &&
	      listings(db, id, "AND lifted_at IS NULL") == 1, "C while listed adds no second listing");

	/* The database guards the history. */
	CHECK(exec_fails(db, "DELETE FROM blacklist"), "listings cannot be deleted");
	CHECK(exec_fails(db, "UPDATE blacklist SET detail = '改了' WHERE lifted_at IS NULL"),
	      "a listing's reason cannot be changed");
	CHECK(exec_fails(db, "UPDATE blacklist SET lifted_at = '2026-01-01', lifted_by = 'x', lift_reason = 'y' "
	                     "WHERE lifted_at IS NOT NULL"), "a lifted listing cannot be lifted again");
	CHECK(exec_fails(db, "UPDATE producer_ratings SET new_rating = 'A'"), "ratings cannot be changed");
	CHECK(exec_fails(db, "DELETE FROM producer_ratings"), "ratings cannot be deleted");

	/* Expiry: a listing is active until its expiry day. */
	long long id2 = add_simple(db, "限期公司", "企业", "高楼镇", NULL, NULL, NULL);
	CHECK(blacklist_add(db, id2, BL_FAILED_CHECK, "监督抽查不合格", "2026-06-01", "2026-06-20", 0, USER_AS("科长"),
	                    err, sizeof err) > 0, "listed until 2026-06-20: %s", err);
	CHECK(!blacklist_add(db, id2, BL_OTHER, "x", "2026-06-01", "2026-05-01", 0, USER_AS("科长"), err, sizeof err) &&
	      has(err, "早于"), "expiry before since refused: %s", err);
	CHECK(blacklist_active(db, id2, NULL), "active on 2026-06-15");
	setenv("NONGJIAN_TODAY", "2026-06-21", 1);
	CHECK(!blacklist_active(db, id2, NULL), "expired on 2026-06-21");
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);

	/* The rule is configurable. */
	long long id3 = add_simple(db, "不列入合作社", "合作社", "太平镇", NULL, NULL, NULL);
	cfg->c_blacklist = false;
	CHECK(rating_set(db, cfg, id3, 'C', "", "评为 C", USER_AS("评级员"), &listing, err, sizeof err) && listing == 0 &&
	      !blacklist_active(db, id3, NULL), "with c_blacklist = no a C rating lists nobody");
	cfg->c_blacklist = true;
	CHECK(blacklist_kind_parse("违禁物质") == BL_BANNED && blacklist_kind_parse("2") == BL_FAILED_CHECK &&
	      blacklist_kind_parse("case") == BL_CASE && blacklist_kind_parse("乱写") < 0, "reason kinds parse");
	CHECK(rating_parse("c") == 'C' && rating_parse("B级") == 'B' && rating_parse("D") == 0, "ratings parse");
}

static void test_lookup(db_conn *db)
{
	char err[512];
	lookup_index *ix = lookup_load(db, err, sizeof err);
	CHECK(ix && lookup_count(ix) == (int)count(db, "SELECT count(*) FROM producers"), "index loads every producer");
	lookup_hit hits[16];
	int total;
	int n = lookup_search(ix, "zsnc", hits, 16, &total);
	CHECK(n == 3 && total == 3 && strcmp(hits[0].e->name, "张三农场") == 0 && hits[0].how == LM_INITIALS_PREFIX,
	      "zsnc finds the three 张三农场 (%d)", n);
	n = lookup_search(ix, "ZSNC", hits, 16, NULL);
	CHECK(n == 3, "upper-case initials too");
	n = lookup_search(ix, "三农", hits, 16, &total);
	CHECK(n == 3 && hits[0].how == LM_NAME, "name substring 三农");
	n = lookup_search(ix, "赵六果园", hits, 16, NULL);
	CHECK(n == 1 && hits[0].how == LM_NAME_EXACT && hits[0].e->status == PSTATUS_BLACKLISTED &&
	      has(hits[0].e->listing, "违禁物质"), "赵六果园 is 黑名单 with its reason: %s", n ? hits[0].e->listing : "");
	n = lookup_search(ix, "zlgy", hits, 16, NULL);
	CHECK(n == 1 && hits[0].e->status == PSTATUS_BLACKLISTED, "zlgy finds 赵六果园 (黑名单)");
	CHECK_STR(producer_status_text(hits[0].e->status), "黑名单", "status text");
	n = lookup_search(ix, "blrhzs", hits, 16, NULL);
	CHECK(n == 1 && hits[0].e->status == PSTATUS_WATCH && hits[0].e->rating == 'C',
	      "C without listing is 重点监管");
	n = lookup_search(ix, "60HK3", hits, 16, NULL);
	CHECK(n == 1 && hits[0].how == LM_CODE && strcmp(hits[0].e->name, "张三农场") == 0, "credit code partial");
	n = lookup_search(ix, "60hk3", hits, 16, NULL);
	CHECK(n == 1 && hits[0].how == LM_CODE, "credit code partial, lower case");
	n = lookup_search(ix, "1980010112", hits, 16, NULL);
	CHECK(n == 1 && hits[0].how == LM_ID_NUMBER && strcmp(hits[0].e->name, "王五") == 0, "ID number partial");
	n = lookup_search(ix, "4567890", hits, 16, NULL);
	CHECK(n >= 2 && hits[0].how == LM_PHONE, "phone partial (%d)", n);
	n = lookup_search(ix, "02345678901", hits, 16, NULL);
	CHECK(n == 2, "phone typed without the dash (%d)", n);
	CHECK(lookup_search(ix, "qqqq", hits, 16, &total) == 0 && total == 0, "no match");
	CHECK(lookup_search(ix, "", hits, 16, &total) == 0, "empty input matches nothing");
	CHECK(lookup_search(ix, "zsnc", hits, 2, &total) == 2 && total == 3, "max limits hits, total counts all");
	char warn[512];
	const lookup_entry *zl = NULL;
	CHECK(lookup_exact(ix, "赵六果园", &zl, 1) == 1, "exact name");
	lookup_warning(zl, warn, sizeof warn);
	CHECK(has(warn, "警告") && has(warn, "黑名单") && has(warn, "违禁物质"), "warning: %s", warn);
	const lookup_entry *zs[3];
	CHECK(lookup_exact(ix, "张三农场", zs, 3) == 3, "three exact 张三农场");
	lookup_warning(zs[0], warn, sizeof warn);
	CHECK(warn[0] == '\0', "no warning for a normal producer");
	lookup_free(ix);
	add_simple(db, "ABC生态农场", "企业", "太平镇", NULL, NULL, NULL);
	ix = lookup_load(db, err, sizeof err);
	n = lookup_search(ix, "bcst", hits, 16, NULL);
	CHECK(n == 1 && strcmp(hits[0].e->name, "ABC生态农场") == 0, "ASCII letters of a name take part in initials");
	n = lookup_search(ix, "abc", hits, 16, NULL);
	CHECK(n == 1 && hits[0].how == LM_INITIALS_PREFIX, "ASCII name found whatever the case");
	n = lookup_search(ix, "ABC", hits, 16, NULL);
	CHECK(n == 1 && hits[0].how == LM_NAME_PREFIX, "ASCII name prefix");
	CHECK(lookup_search(ix, "13", hits, 16, NULL) == 0, "two digits do not search phones yet");
	/* After a write the index reloads; without one it stays. */
	lookup_index *before = ix;
	CHECK(lookup_refresh(db, &ix, err, sizeof err) && ix == before, "no reload without a change");
	long long id = add_simple(db, "新来的家庭农场", "家庭农场", "太平镇", NULL, NULL, NULL);
	CHECK(lookup_refresh(db, &ix, err, sizeof err) && ix != before && lookup_by_id(ix, id),
	      "a new producer appears after refresh");
	lookup_free(ix);
}

static void sample_for(sample *s, const char *who, long long producer_id)
{
	sample_init(s);
	sample_set(s, SF_DATE, "2026-06-01");
	sample_set(s, SF_TOWN, "高楼镇");
	sample_set(s, SF_KIND, "定性检测");
	sample_set(s, SF_PRODUCER, who);
	sample_set(s, SF_PRODUCT, "豇豆");
	sample_set(s, SF_STAGE, "生产基地");
	sample_set(s, SF_SAMPLERS, "张三");
	sample_set(s, SF_INHIBITION, "62");
	s->producer_id = producer_id;
}

static void count_sample(void *ctx, const producer_sample *s)
{
	int *n = ctx;
	if (s->fail && strcmp(s->product, "豇豆") == 0 && has(s->result, "62"))
		(*n)++;
}

static void test_samples(db_conn *db)
{
	char err[512];
	long long ids[2];
	CHECK(producer_find(db, "赵六果园", ids, 2, err, sizeof err) == 1, "find 赵六果园");
	sample s;
	sample_error e;
	sample_for(&s, "赵六果园", ids[0]);
	CHECK(sample_insert(db, cfg, sform, &s, USER_AS("录入员"), &e), "a linked sample: %s", e.msg);
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT producer_id FROM samples WHERE id = %lld", s.id);
	CHECK(count(db, sql) == ids[0], "the sample stores producer_id");
	sample_free(&s);
	sample_for(&s, "赵六果园", 0);
	CHECK(sample_insert(db, cfg, sform, &s, USER_AS("录入员"), &e), "an unlinked sample with the same name");
	sample_free(&s);
	sample_for(&s, "别人家", 0);
	CHECK(sample_insert(db, cfg, sform, &s, USER_AS("录入员"), &e), "another producer's sample");
	sample_free(&s);
	int n = 0;
	CHECK(producer_samples(db, ids[0], count_sample, &n, 0, err, sizeof err) && n == 2,
	      "the producer's samples: linked and by exact name (%d)", n);
	n = 0;
	CHECK(producer_samples(db, ids[0], count_sample, &n, 1, err, sizeof err) && n == 1, "limit");
}

int main(void)
{
	check_init();
	setenv("NONGJIAN_TODAY", "2026-06-15", 1);
	char err[1024];
	cfg = config_load("conf/nongjian.ini", err, sizeof err);
	form = cfg ? form_load("forms/producer.ini", producer_keys, err, sizeof err) : NULL;
	sform = form ? form_load("forms/sample.ini", sample_keys, err, sizeof err) : NULL;
	CHECK(cfg && form && sform, "shipped config and forms load: %s", cfg && form && sform ? "" : err);
	if (!cfg || !form || !sform)
		return check_done();
	CHECK(cfg->c_blacklist, "shipped config: C rating opens a listing");
	db_conn *db = test_db_open(10000, err, sizeof err);
	if (!db || !units_sync(db, cfg, err, sizeof err)) {
		fprintf(stderr, "cannot open db: %s\n", err);
		return 2;
	}
	test_registry(db);
	test_update(db);
	test_rating_blacklist(db);
	test_lookup(db);
	test_samples(db);
	test_db_close(db);
	/* An empty registry: the index loads and finds nothing. */
	db = test_db_open(10000, err, sizeof err);
	lookup_index *ix = db ? lookup_load(db, err, sizeof err) : NULL;
	lookup_hit h[4];
	int total = -1;
	CHECK(ix && lookup_count(ix) == 0 && lookup_search(ix, "zsnc", h, 4, &total) == 0 && total == 0 &&
	      lookup_listed(ix, h, 4, &total) == 0, "an empty registry finds nothing");
	lookup_free(ix);
	test_db_close(db);
	form_free(sform);
	form_free(form);
	config_free(cfg);
	return check_done();
}
