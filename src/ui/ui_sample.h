/* The sampling-record screens: repeat entry of new records, and opening
 * one record to correct it, void it or read its history. */
#ifndef NJ_UI_SAMPLE_H
#define NJ_UI_SAMPLE_H

#include <stdbool.h>

#include "app/app.h"
#include "ui/ui_form.h"

/* Enter records one after another until the user goes back. Returns
 * false if the terminal was lost. */
bool ui_sample_new(app *a);
/* Open a saved record for correction. Returns false if the terminal was
 * lost. */
bool ui_sample_edit(app *a, long long id);
/* A correction left by a dropped link: ask, and open that record with
 * the typed values back. Returns false if the terminal was lost. */
bool ui_sample_offer_correction(app *a);

/* The sample form's candidate sources (towns, kinds, products, the
 * producer registry), its fills (product → category) and the producer
 * pick, attached to f (a form over the sample form); free with
 * ui_sample_sources_free after f. */
void *ui_sample_sources_attach(app *a, ui_form *f);
void ui_sample_sources_free(void *src);
/* The registered producer a 受检主体 value names (the one picked, or
 * the only one of that name): its id, 0 for free text; warn gets the
 * blacklist / 重点监管 warning to show ("" none). */
long long ui_sample_sources_producer(void *src, const char *name, char *warn, size_t warnlen);

#endif
