/* Kept values of a form (the fields marked keep in forms/NAME.ini): what
 * the clerk typed in them is carried into the next blank form of the
 * same kind for the rest of the session — the sample form's date, town
 * and samplers, the follow-up step's date and lab. */
#ifndef NJ_UI_KEPT_H
#define NJ_UI_KEPT_H

#include "ui/ui_form.h"

#define UIF_MAX_KEPT 32

typedef struct {
	struct {
		char key[32];
		char value[256];
	} v[UIF_MAX_KEPT];
	int n;
} uif_kept;

/* Remember f's kept fields that hold a value without an error. */
void uif_kept_remember(uif_kept *k, const ui_form *f);
/* Put them back into f (by key). */
void uif_kept_restore(const uif_kept *k, ui_form *f);

#endif
