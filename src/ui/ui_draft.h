/* Drafts of the forms: what is being typed is kept when the link drops
 * (SIGHUP) or the program is told to stop (SIGTERM), and offered back the
 * next time — for new records, corrections and the producer register. A
 * draft may name the record it belongs to (its id), so a correction is
 * offered back on that record only. */
#ifndef NJ_UI_DRAFT_H
#define NJ_UI_DRAFT_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "ui/ui_form.h"

/* Save f's values as this login's draft of form; id ("" for a new
 * record) and label (e.g. the sample number, for the question) are kept
 * with it. */
void ui_draft_keep(app *a, const ui_form *f, const char *form, const char *id, const char *label);
/* Is there a draft of form? Gives its record id, label and when it was
 * saved. */
bool ui_draft_peek(app *a, const char *form, char *id, size_t idlen, char *label,
                   size_t labellen, char *at, size_t atlen);
/* Put the draft's values into f (by field key), mark f changed and tell
 * the user to check and save. The draft is then gone. */
void ui_draft_restore(app *a, ui_form *f, const char *form);
/* Forget the draft of form. */
void ui_draft_drop(app *a, const char *form);

/* The loop of a form that enters new records: draw and read keys until
 * the user leaves (F10/Esc, after the question discard when something
 * was typed: true) or the terminal is lost (false; what was typed kept
 * as the draft of form, unless form is NULL). Every other action the
 * form returns (ACT_SAVE, ACT_VOID …) and the leaving (ACT_BACK) go to
 * fn. */
typedef void (*ui_entry_fn)(void *ctx, ui_form *f, ui_action act);
bool ui_entry_loop(app *a, ui_form *f, const char *form, const char *discard, ui_entry_fn fn, void *ctx);
/* The same loop for a form about one record (a correction, a step of a
 * case): the draft kept is named by id and label, read when the terminal
 * is lost (the caller keeps them current, e.g. the version after a
 * save), and fn returns true to leave the loop (then it returns true). */
typedef bool (*ui_edit_fn)(void *ctx, ui_form *f, ui_action act);
bool ui_edit_loop(app *a, ui_form *f, const char *form, const char *id, const char *label, const char *discard,
                  ui_edit_fn fn, void *ctx);

#endif
