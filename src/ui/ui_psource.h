/* The producer registry as a form's candidate source (source =
 * producers): what is typed looked up as on the lookup screen, each
 * candidate with its town and status, and the producer picked kept by
 * its registry number. For any form with a producer field. */
#ifndef NJ_UI_PSOURCE_H
#define NJ_UI_PSOURCE_H

#include "app/app.h"
#include "registry/lookup.h"
#include "ui/ui_form.h"

typedef struct {
	app *a;
	lookup_index *ix;       /* loaded on first use, reloaded when the registry changes */
	char cand[UIF_MAX_CANDIDATES][320];
	long long cand_id[UIF_MAX_CANDIDATES];
	long long picked_id;
	char picked_name[256];
	const char *field;      /* the form's key of the producer field */
} ui_psource;

void ui_psource_init(ui_psource *p, app *a, const char *field);
void ui_psource_free(ui_psource *p);
/* uif_search_fn / uif_pick_fn over a ui_psource (ctx). */
int ui_psource_search(void *ctx, const char *source, const char *typed, const char **out, int max);
void ui_psource_pick(void *ctx, ui_form *f, const char *source, int index);
/* The registered producer named: the one picked, or the only one with
 * exactly that name; NULL for none. */
const lookup_entry *ui_psource_chosen(ui_psource *p, const char *name);

#endif
