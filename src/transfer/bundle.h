/* Offline township PCs (issue 20, part 5). A township PC that works
 * without the county server keeps numbering its own unit (the server's
 * rule numbering.offline stops the server numbering it meanwhile) and
 * hands its records over as a bundle (transfer/bundle_format.h): the
 * unit's records with their numbers, who entered them and when, every
 * correction and void, the follow-up cases and steps, and the audit rows
 * about them. Importing merges it into the server in one write
 * transaction, keeping the numbers: a number the server already gave to
 * another record of the unit refuses the whole bundle (naming the
 * numbers), a bundle imported before adds nothing, and the unit's counter
 * moves on past the bundle's numbers. Everything goes through ordinary
 * INSERTs and the guarded UPDATEs a correction makes, so the database's
 * history guards hold during an import as at any other time. No curses. */
#ifndef NJ_BUNDLE_H
#define NJ_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/app.h"
#include "transfer/bundle_format.h"

/* The records of unit (a full or short name; NULL or "": the login's own
 * town) entered, corrected or followed up on or after since (YYYY-MM-DD;
 * "" = all), into o. Staff export their own town only. *count gets the
 * number of records. */
bool bundle_export(app *a, const char *unit, const char *since, bundle_out *o, long *count, char *err,
                   size_t errlen);

typedef struct {
	char unit[128];
	long added;        /* records new to this database */
	long updated;      /* records already here that the bundle has later versions of */
	long same;         /* records already here as they are in the bundle */
	long older;        /* records this database has a later version of (left as they are) */
	long changes, cases, steps, steps_voided, audit; /* history rows added */
	long other;        /* rows of tables that hang off a record (added with new records) */
	long unlinked;     /* records whose registered producer is not in this registry (text kept) */
} bundle_result;

/* Supervisors and admins. false with the reason (nothing written); true
 * with what was added, all zero when the bundle was imported before
 * (then nothing at all was written). source names the file in the
 * audit row. */
bool bundle_import(app *a, const bundle *b, const char *source, bundle_result *r, char *err, size_t errlen);

#endif
