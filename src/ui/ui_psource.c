#include "ui/ui_psource.h"

#include <stdio.h>
#include <string.h>

#include "registry/producer.h"

void ui_psource_init(ui_psource *p, app *a, const char *field)
{
	memset(p, 0, sizeof *p);
	p->a = a;
	p->field = field;
}

void ui_psource_free(ui_psource *p)
{
	lookup_free(p->ix);
	p->ix = NULL;
}

/* NULL when the database cannot be read (the field is then free text). */
static lookup_index *index_of(ui_psource *p)
{
	char err[512];
	lookup_refresh(p->a->db, &p->ix, err, sizeof err); /* keeps the old one on error */
	return p->ix;
}

int ui_psource_search(void *ctx, const char *source, const char *typed, const char **out, int max)
{
	ui_psource *p = ctx;
	if (strcmp(source, "producers") != 0)
		return -1;
	lookup_index *ix = index_of(p);
	lookup_hit hits[UIF_MAX_CANDIDATES];
	if (max > UIF_MAX_CANDIDATES)
		max = UIF_MAX_CANDIDATES;
	int n = ix ? lookup_search(ix, typed, hits, max, NULL) : 0;
	for (int i = 0; i < n; i++) {
		const lookup_entry *e = hits[i].e;
		bool mark = e->status != PSTATUS_NORMAL;
		/* The village after the town: one town may register the same
		 * name in two villages, and the clerk must see which is which. */
		snprintf(p->cand[i], sizeof p->cand[i], "%s %s%s%s%s%s", e->name, e->town, e->village,
		         mark ? " [" : "", mark ? producer_status_text(e->status) : "", mark ? "]" : "");
		p->cand_id[i] = e->id;
		out[i] = p->cand[i];
	}
	return n;
}

void ui_psource_pick(void *ctx, ui_form *f, const char *source, int index)
{
	ui_psource *p = ctx;
	if (strcmp(source, "producers") != 0 || index < 0 || index >= UIF_MAX_CANDIDATES)
		return;
	const lookup_entry *e = p->ix ? lookup_by_id(p->ix, p->cand_id[index]) : NULL;
	if (!e)
		return;
	p->picked_id = e->id;
	snprintf(p->picked_name, sizeof p->picked_name, "%s", e->name);
	uif_set(f, form_index(f->def, p->field), e->name);
}

const lookup_entry *ui_psource_chosen(ui_psource *p, const char *name)
{
	lookup_index *ix = *name ? index_of(p) : NULL;
	if (!ix)
		return NULL;
	const lookup_entry *e;
	if (p->picked_id && strcmp(name, p->picked_name) == 0 && (e = lookup_by_id(ix, p->picked_id)))
		return e;
	return lookup_exact(ix, name, &e, 1) == 1 ? e : NULL;
}
