#include "ui/ui_draft.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "store/draft.h"
#include "ui/ui_prompt.h"

/* Keys of our own beside the form's (which never start with '@'). */
#define KEY_ID "@id"
#define KEY_LABEL "@label"

void ui_draft_keep(app *a, const ui_form *f, const char *form, const char *id, const char *label)
{
	int n = f->def->nfields;
	const char **keys = xcalloc((size_t)n + 2, sizeof *keys);
	const char **values = xcalloc((size_t)n + 2, sizeof *values);
	for (int i = 0; i < n; i++) {
		keys[i] = f->def->fields[i].key;
		values[i] = f->values[i];
	}
	keys[n] = KEY_ID;
	values[n] = id ? id : "";
	keys[n + 1] = KEY_LABEL;
	values[n + 1] = label ? label : "";
	char err[256];
	draft_save(a->db, a->user, form, keys, values, n + 2, err, sizeof err);
	free(keys);
	free(values);
}

typedef struct {
	char *id, *label;
	size_t idlen, labellen;
} peek_ctx;

static void peek_value(void *ctx, const char *key, const char *value)
{
	peek_ctx *p = ctx;
	if (strcmp(key, KEY_ID) == 0)
		snprintf(p->id, p->idlen, "%s", value);
	else if (strcmp(key, KEY_LABEL) == 0)
		snprintf(p->label, p->labellen, "%s", value);
}

bool ui_draft_peek(app *a, const char *form, char *id, size_t idlen, char *label,
                   size_t labellen, char *at, size_t atlen)
{
	peek_ctx p = {id, label, idlen, labellen};
	id[0] = label[0] = '\0';
	return draft_load(a->db, a->user, form, peek_value, &p, at, atlen);
}

static void form_value(void *ctx, const char *key, const char *value)
{
	ui_form *f = ctx;
	if (key[0] != '@')
		uif_set(f, form_index(f->def, key), value);
}

void ui_draft_restore(app *a, ui_form *f, const char *form)
{
	char at[32];
	if (draft_load(a->db, a->user, form, form_value, f, at, sizeof at)) {
		f->dirty = true;
		uif_focus(f, 0);
		uif_message(f, ROLE_OK, "已恢复上次未保存的记录，请检查后按 F2 保存");
	}
	draft_clear(a->db, a->user, form);
}

void ui_draft_drop(app *a, const char *form)
{
	draft_clear(a->db, a->user, form);
}

bool ui_edit_loop(app *a, ui_form *f, const char *form, const char *id, const char *label, const char *discard,
                  ui_edit_fn fn, void *ctx)
{
	for (;;) {
		uif_draw(f);
		ui_action act = uif_handle(f, ui_read_key());
		if (act == ACT_LOST) {
			/* The link dropped or we were told to stop: keep what was typed. */
			if (form && f->dirty)
				ui_draft_keep(a, f, form, id, label);
			return false;
		}
		if (act != ACT_BACK) {
			if (fn(ctx, f, act))
				return true;
		} else if (!f->dirty || ui_confirm(discard)) {
			fn(ctx, f, act);
			return true;
		}
	}
}

typedef struct {
	ui_entry_fn fn;
	void *ctx;
} entry_step;

/* An entry form's action: it never leaves the loop itself. */
static bool entry_action(void *ctx, ui_form *f, ui_action act)
{
	entry_step *e = ctx;
	e->fn(e->ctx, f, act);
	return false;
}

bool ui_entry_loop(app *a, ui_form *f, const char *form, const char *discard, ui_entry_fn fn, void *ctx)
{
	entry_step e = {fn, ctx};
	return ui_edit_loop(a, f, form, "", "", discard, entry_action, &e);
}
