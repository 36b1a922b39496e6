/* Kept values of a form (ui_kept.h). */
#include "ui/ui_kept.h"

#include <stdio.h>

void uif_kept_remember(uif_kept *k, const ui_form *f)
{
	k->n = 0;
	for (int i = 0; i < f->def->nfields && k->n < UIF_MAX_KEPT; i++) {
		const field_def *fd = &f->def->fields[i];
		if (!fd->keep || !*f->values[i] || f->errors[i])
			continue;
		snprintf(k->v[k->n].key, sizeof k->v[k->n].key, "%s", fd->key);
		snprintf(k->v[k->n].value, sizeof k->v[k->n].value, "%s", f->values[i]);
		k->n++;
	}
}

void uif_kept_restore(const uif_kept *k, ui_form *f)
{
	for (int i = 0; i < k->n; i++) {
		int idx = form_index(f->def, k->v[i].key);
		if (idx >= 0)
			uif_set(f, idx, k->v[i].value);
	}
}
