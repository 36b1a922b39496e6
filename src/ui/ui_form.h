/* A form screen driven by a form definition (a file in forms/): one field per
 * row, our own line editor for text entry (not libform), candidates for
 * choice and lookup fields, messages beside the field.
 *
 * No key changes a value behind the clerk's back: a digit picks only a
 * candidate shown with that number, candidates are numbered only while the
 * typed text is not itself a valid value, and a pick stays in its field
 * (Enter or Tab moves on). In a searched lookup typed as free text
 * (受检主体) digits are text; ↓ or Ctrl-N opens the numbered list. */
#ifndef NJ_UI_FORM_H
#define NJ_UI_FORM_H

#include <stdbool.h>

#include "record/formdef.h"
#include "base/lineedit.h"
#include "ui/ui_term.h"

#define UIF_MAX_CANDIDATES 9

typedef struct ui_form ui_form;

/* Items of a named source (towns, kinds, products, ...). */
typedef int (*uif_source_fn)(void *ctx, const char *source, const char *const **items);
/* Value another field gets when an item of a source is chosen (product
 * → category); false when there is none. */
typedef bool (*uif_fill_fn)(void *ctx, const char *source, const char *item, char *out, size_t outlen);
/* Candidates for what is typed in a field whose source is searched rather
 * than listed (producers): fills out[] (strings stay valid until the next
 * call) and returns how many; -1 means "not a searched source". */
typedef int (*uif_search_fn)(void *ctx, const char *source, const char *typed,
                             const char **out, int max);
/* A candidate of a searched source was picked by digit: index into what
 * the search callback returned last. The screen may replace the value
 * (a candidate line with town and status becomes the bare name). */
typedef void (*uif_pick_fn)(void *ctx, ui_form *f, const char *source, int index);
/* A line of live feedback (e.g. the verdict) drawn above the candidates. */
typedef void (*uif_preview_fn)(void *ctx, ui_form *f, char *out, size_t outlen, ui_role *role);

struct ui_form {
	const form_def *def;
	char **values;
	char **errors;            /* message beside a field, or NULL */
	bool *locked;             /* shown but never edited (a staff login's town) */
	lineedit ed;
	int cur, top;
	char title[256], subtitle[1024];
	char message[512];
	ui_role message_role;
	const char *const *keybar;
	bool dirty;               /* typed into since the last save/reset */
	bool list_open;           /* a searched lookup's candidates numbered (↓) */
	int list_sel;             /* the highlighted one while open */
	void *ctx;
	uif_source_fn source;
	uif_fill_fn fill;
	uif_search_fn search;
	uif_pick_fn pick;
	uif_preview_fn preview;
};

/* The form's values file order; the descriptors are borrowed. */
void uif_init(ui_form *f, const form_def *def);
void uif_free(ui_form *f);
void uif_set(ui_form *f, int idx, const char *value);
const char *uif_get(const ui_form *f, int idx);
const char *uif_get_key(const ui_form *f, const char *key);
/* Put the cursor on a field (skipping inactive ones forward). */
void uif_focus(ui_form *f, int idx);
void uif_set_error(ui_form *f, int idx, const char *msg);
void uif_clear_errors(ui_form *f);
void uif_message(ui_form *f, ui_role role, const char *msg);
/* A record refused on save: msg beside the field of that key (NULL: no
 * field), the cursor there, and in the message line. */
void uif_show_field_error(ui_form *f, const char *key, const char *msg);
bool uif_active(const ui_form *f, int idx);
/* A locked field keeps its value: the cursor passes over it. */
void uif_lock(ui_form *f, int idx, bool locked);

/* Repeat entry: the next blank form after a save keeps the values of
 * the fields marked keep (date, town ...), the others back to their
 * defaults; the cursor on the first field left empty. */
void uif_next_blank(ui_form *f);
/* The same without moving the cursor: returns the first field left
 * empty, -1 for none. */
int uif_blank_unkept(ui_form *f);

void uif_draw(ui_form *f);
/* Pieces of the form for a screen that lays its fields out itself (the
 * run grid): leaving the current field (a unique candidate completed, the
 * value normalised, a problem noted beside it, fills applied); the
 * candidate line at row y and below it, unless the candidates took that
 * row too, how to pick from an open list or else hint (NULL: none); the
 * current field's editor in a box of w columns at (y, x), returning the
 * cursor's column in the box. */
void uif_leave(ui_form *f);
void uif_draw_candidates(ui_form *f, int y, const char *hint);
int uif_draw_editor(ui_form *f, int y, int x, int w);
/* Handle one key. Editing and moving are done here; what the form cannot
 * do itself (save, back, void, history, lost terminal) is returned for the
 * caller; ACT_NONE when the key was consumed. */
ui_action uif_handle(ui_form *f, ui_key k);
/* Run a form as a small dialog until save (true) or back (false). */
bool uif_run_dialog(ui_form *f);

#endif
