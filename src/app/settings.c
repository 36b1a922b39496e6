#include "app/settings.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "record/inspect_table.h"
#include "record/sale_table.h"
#include "registry/producer.h"
#include "sample/followup.h"
#include "sample/run.h"
#include "sample/sample.h"
#include "sample/samplelist.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/settings.h"
#include "store/units.h"

static const struct {
	const char *name, *scope;
	const char *const *known;
	/* Added after databases were in use: one upgraded without it yet
	 * opens, and only the jobs of that form say to load the settings. */
	bool later;
} forms[] = {
	{"sample", "form.sample", sample_keys, false},
	{"filter", "form.filter", samplelist_filter_keys, false},
	{"producer", "form.producer", producer_keys, false},
	{"inspect", "form.inspect", inspect_keys, true},
	{"sale", "form.sale", sale_keys, true},
	{"run", "form.run", run_form_keys, true},
	{"followup", "form.followup", followup_form_keys, true},
};
enum { NFORMS = sizeof forms / sizeof *forms };

static form_def **form_slot(app *a, int i)
{
	return app_form_slot(a, forms[i].name);
}

/* "rapid.positive" -> "rapid", "positive" */
static bool split_rule(const char *rule, char *sec, size_t seclen, char *key, size_t keylen)
{
	const char *dot = strchr(rule, '.');
	if (!dot)
		return false;
	snprintf(sec, seclen, "%.*s", (int)(dot - rule), rule);
	snprintf(key, keylen, "%s", dot + 1);
	return true;
}

/* ---- reading ---- */

bool settings_apply(app *a, char *err, size_t errlen)
{
	config *c = a->cfg;
	int n;
	ini *f = settings_read(a->db, SETTINGS_CONFIG, c->db_path, "数据库中的规则设置", &n, err, errlen);
	if (!f)
		return false;
	config_clear_lists(c);
	bool ok = units_read(a->db, c, err, errlen) && products_read(a->db, c, err, errlen) &&
	          limits_read(a->db, c, err, errlen) &&
	          config_rules(c, f, err, errlen);
	ini_close(f);
	for (int i = 0; ok && i < NFORMS; i++) {
		f = settings_read(a->db, forms[i].scope, forms[i].name, "数据库中的表单", &n, err, errlen);
		if (!f)
			return false;
		if (n == 0 && forms[i].later) {
			form_free(*form_slot(a, i));
			*form_slot(a, i) = NULL;
		} else if (n == 0) {
			snprintf(err, errlen, "数据库中没有表单 %s：请管理员运行 nongjian settings load 配置文件",
			         forms[i].name);
			ok = false;
		} else {
			form_free(*form_slot(a, i));
			*form_slot(a, i) = form_from_ini(f, forms[i].known, err, errlen);
			ok = *form_slot(a, i) != NULL;
		}
		ini_close(f);
	}
	return ok;
}

/* ---- writing: a whole source (a configuration file and its forms) ---- */

typedef struct {
	ini *conf;          /* the configuration file */
	ini *form[NFORMS];  /* its forms */
	config *cfg;        /* the same, loaded and checked */
} source;

static void source_free(source *s)
{
	ini_close(s->conf);
	for (int i = 0; i < NFORMS; i++)
		ini_close(s->form[i]);
	config_free(s->cfg);
	memset(s, 0, sizeof *s);
}

static bool source_open(source *s, const char *path, char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	s->cfg = config_load(path, err, errlen);
	bool ok = s->cfg && (s->conf = ini_open(path, "配置文件", err, errlen)) != NULL;
	for (int i = 0; ok && i < NFORMS; i++) {
		char fp[4096];
		snprintf(fp, sizeof fp, "%s/%s.ini", s->cfg->forms_dir, forms[i].name);
		s->form[i] = ini_open(fp, "表单文件", err, errlen);
		form_def *check = s->form[i] ? form_from_ini(s->form[i], forms[i].known, err, errlen) : NULL;
		ok = check != NULL;
		form_free(check);
	}
	if (!ok)
		source_free(s);
	return ok;
}

typedef struct {
	app *a;
	bool audit;   /* one audit row per changed entry (settings load) */
	int changes;
	char *err;
	size_t errlen;
} writer;

/* Write one entry, auditing it when its value changed. */
static bool put(writer *w, const char *scope, const char *name, ini *old, const char *sec,
                const char *key, const char *value)
{
	const char *was = old ? ini_str(old, sec, key, NULL) : NULL;
	if (!was || strcmp(was, value) != 0) {
		w->changes++;
		char entity[256];
		snprintf(entity, sizeof entity, "%s%s%s.%s", name ? name : "", name ? "." : "", sec, key);
		if (w->audit && !audit_add(w->a->db, w->a->user, "settings.set", entity, was, value, w->err,
		                           w->errlen))
			return false;
	}
	/* After its audit row: the database refuses settings rows that do
	 * not follow one (schema 8). */
	return settings_put(w->a->db, scope, sec, key, value, w->a->user, w->err, w->errlen);
}

/* Entries of old that new no longer has: gone (back to the default). */
static bool removed(writer *w, const char *name, ini *old, ini *now, bool rules_only)
{
	for (int s = 0; s < ini_section_count(old); s++) {
		const char *sec = ini_section(old, s);
		for (int k = 0; k < ini_key_count(old, sec); k++) {
			const char *key = ini_key(old, sec, k);
			if (ini_str(now, sec, key, NULL))
				continue;
			if (rules_only) {
				char full[256];
				snprintf(full, sizeof full, "%s.%s", sec, key);
				bool rule = false;
				for (int r = 0; config_rule_keys[r]; r++)
					rule = rule || strcmp(config_rule_keys[r], full) == 0;
				if (!rule)
					continue;
			}
			w->changes++;
			if (!w->audit)
				continue;
			char entity[256];
			snprintf(entity, sizeof entity, "%s%s%s.%s", name ? name : "", name ? "." : "", sec, key);
			if (!audit_add(w->a->db, w->a->user, "settings.set", entity, ini_str(old, sec, key, ""),
			               NULL, w->err, w->errlen))
				return false;
		}
	}
	return true;
}

static bool write_rules(writer *w, ini *conf)
{
	int n;
	ini *old = settings_read(w->a->db, SETTINGS_CONFIG, "", "", &n, w->err, w->errlen);
	bool ok = old && settings_clear(w->a->db, SETTINGS_CONFIG, w->err, w->errlen);
	for (int r = 0; ok && config_rule_keys[r]; r++) {
		char sec[64], key[64];
		split_rule(config_rule_keys[r], sec, sizeof sec, key, sizeof key);
		const char *v = ini_str(conf, sec, key, NULL);
		if (v)
			ok = put(w, SETTINGS_CONFIG, NULL, old, sec, key, v);
	}
	ok = ok && removed(w, NULL, old, conf, true);
	ini_close(old);
	return ok;
}

static bool write_form(writer *w, int i, ini *form)
{
	int n;
	ini *old = settings_read(w->a->db, forms[i].scope, "", "", &n, w->err, w->errlen);
	bool ok = old && settings_clear(w->a->db, forms[i].scope, w->err, w->errlen);
	for (int s = 0; ok && s < ini_section_count(form); s++) {
		const char *sec = ini_section(form, s);
		for (int k = 0; ok && k < ini_key_count(form, sec); k++) {
			const char *key = ini_key(form, sec, k);
			ok = put(w, forms[i].scope, forms[i].name, old, sec, key, ini_str(form, sec, key, ""));
		}
	}
	ok = ok && removed(w, forms[i].name, old, form, false);
	ini_close(old);
	return ok;
}

/* Units the file adds (units are never removed: records point at them). */
static bool write_units(writer *w, const config *c)
{
	for (int i = 0; i < c->ntowns; i++) {
		if (units_id(w->a->db, c->towns[i].name))
			continue;
		w->changes++;
		if (w->audit && !audit_add(w->a->db, w->a->user, "unit.add", c->towns[i].name, NULL,
		                           c->towns[i].kind, w->err, w->errlen))
			return false;
	}
	return units_sync(w->a->db, c, w->err, w->errlen);
}

static bool write_products(writer *w, const config *c)
{
	config *old = xcalloc(1, sizeof *old);
	bool ok = products_read(w->a->db, old, w->err, w->errlen);
	for (int i = 0; ok && i < c->nproducts; i++) {
		const product_def *was = config_product(old, c->products[i].name);
		if (was && strcmp(was->category, c->products[i].category) == 0)
			continue;
		w->changes++;
		if (w->audit)
			ok = audit_add(w->a->db, w->a->user, "product.set", c->products[i].name,
			               was ? was->category : NULL, c->products[i].category, w->err, w->errlen);
	}
	for (int i = 0; ok && i < old->nproducts; i++) {
		if (config_product(c, old->products[i].name))
			continue;
		w->changes++;
		if (w->audit)
			ok = audit_add(w->a->db, w->a->user, "product.set", old->products[i].name,
			               old->products[i].category, NULL, w->err, w->errlen);
	}
	config_free(old);
	return ok && products_replace(w->a->db, c, w->err, w->errlen);
}

static bool write_source(app *a, source *s, bool audit_each, int *changes, char *err, size_t errlen)
{
	writer w = {.a = a, .audit = audit_each, .err = err, .errlen = errlen};
	db_tx tx;
	if (!db_begin(a->db, &tx, err, errlen))
		return false;
	/* The load's audit row comes before the rules and forms are
	 * written (the database refuses them otherwise, schema 8); each
	 * changed entry of a settings load gets its own row as well. */
	bool ok = write_units(&w, s->cfg) && write_products(&w, s->cfg) &&
	          limits_replace(a->db, s->cfg, err, errlen) &&
	          audit_add(a->db, a->user, "settings.load", s->cfg->conf_path, NULL,
	                    audit_each ? "规则、表单、单位、产品和限量表 (改动逐项记录)" : "规则、表单、单位、产品和限量表",
	                    err, errlen) &&
	          write_rules(&w, s->conf);
	for (int i = 0; ok && i < NFORMS; i++)
		ok = write_form(&w, i, s->form[i]);
	if (!ok) {
		db_rollback(a->db, &tx);
		return false;
	}
	if (changes)
		*changes = w.changes;
	return db_commit(a->db, &tx, err, errlen);
}

bool settings_seed(app *a, char *err, size_t errlen)
{
	source s;
	if (!source_open(&s, a->cfg->conf_path, err, errlen))
		return false;
	bool ok = write_source(a, &s, false, NULL, err, errlen);
	source_free(&s);
	return ok;
}

static bool may_change(const app *a, char *err, size_t errlen)
{
	if (a->me.role == USER_ADMIN)
		return true;
	snprintf(err, errlen, "只有管理员可以修改规则设置 (阈值、编号格式、任务、表单等)");
	return false;
}

bool settings_load(app *a, const char *path, int *changes, char *err, size_t errlen)
{
	if (!may_change(a, err, errlen))
		return false;
	source s;
	if (!source_open(&s, path, err, errlen))
		return false;
	bool ok = write_source(a, &s, true, changes, err, errlen);
	source_free(&s);
	return ok;
}

/* ---- writing: one entry ---- */

bool settings_set(app *a, const char *key, const char *value, char *err, size_t errlen)
{
	if (!may_change(a, err, errlen))
		return false;
	const char *bad = text_check(value);
	if (bad) {
		snprintf(err, errlen, "设置值%s", bad);
		return false;
	}
	char part[3][128];
	int nparts = 0;
	const char *p = key;
	for (; nparts < 3; nparts++) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		if (len == 0 || len >= sizeof part[0])
			break;
		snprintf(part[nparts], sizeof part[0], "%.*s", (int)len, p);
		for (char *q = part[nparts]; *q; q++) /* keys are lower-case, as in a file */
			*q = (char)tolower((unsigned char)*q);
		if (!dot) {
			nparts++;
			p = NULL;
			break;
		}
		p = dot + 1;
	}
	int form = -1;
	bool known = false;
	if (!p && nparts == 2) {
		char rule[260];
		snprintf(rule, sizeof rule, "%s.%s", part[0], part[1]);
		for (int r = 0; config_rule_keys[r]; r++)
			known = known || strcmp(config_rule_keys[r], rule) == 0;
	}
	if (!p && nparts == 3)
		for (int i = 0; i < NFORMS; i++)
			if (strcmp(forms[i].name, part[0]) == 0)
				form = i;
	if (!known && form < 0) {
		snprintf(err, errlen, "未知的设置项 \"%s\"：规则项如 rapid.positive (nongjian settings show 列出全部)，"
		         "表单项写作 表单.字段.属性，如 sample.stage.choices", key);
		return false;
	}
	const char *scope = known ? SETTINGS_CONFIG : forms[form].scope;
	const char *sec = known ? part[0] : part[1], *k = known ? part[1] : part[2];
	int n;
	ini *f = known ? settings_read(a->db, scope, a->cfg->db_path, "数据库中的规则设置", &n, err, errlen)
	               : settings_read(a->db, scope, forms[form].name, "数据库中的表单", &n, err, errlen);
	if (!f)
		return false;
	char was[1024];
	bool had = settings_get(a->db, scope, sec, k, was, sizeof was);
	ini_set(f, sec, k, value);
	/* The same checks as a file gets, on the settings as they would be. */
	bool ok;
	if (known) {
		config *check = xcalloc(1, sizeof *check);
		ok = units_read(a->db, check, err, errlen) && config_rules(check, f, err, errlen);
		config_free(check);
	} else {
		form_def *check = form_from_ini(f, forms[form].known, err, errlen);
		ok = check != NULL;
		form_free(check);
	}
	ini_close(f);
	if (!ok)
		return false;
	if (had && strcmp(was, value) == 0) {
		snprintf(err, errlen, "%s 已经是 %s，没有改动", key, value);
		return false;
	}
	db_tx tx;
	if (!db_begin(a->db, &tx, err, errlen))
		return false;
	ok = audit_add(a->db, a->user, "settings.set", key, had ? was : NULL, value, err, errlen) &&
	     settings_put(a->db, scope, sec, k, value, a->user, err, errlen);
	if (!ok) {
		db_rollback(a->db, &tx);
		return false;
	}
	return db_commit(a->db, &tx, err, errlen);
}
