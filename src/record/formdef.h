/* Form definitions read from the INI files in forms/: the fields, in file order, with
 * label, type, width, defaults and validation. Pure data, no curses; the
 * same checks serve the screen and the command line. */
#ifndef NJ_FORMDEF_H
#define NJ_FORMDEF_H

#include <stdbool.h>
#include <stddef.h>

#include "base/ini.h"

typedef enum { FT_TEXT, FT_INTEGER, FT_DECIMAL, FT_DATE, FT_CHOICE, FT_LOOKUP } field_type;

typedef struct {
	char *key;
	char *label;
	field_type type;
	int width;            /* display columns of the box on the screen */
	int maxwidth;         /* display columns that may be typed (>= width; the
	                       * box scrolls sideways beyond width); wider is refused */
	bool required;
	char *def;            /* default value, "today" for dates; NULL if none */
	char **choices;       /* inline choices */
	int nchoices;
	char *source;         /* named list supplied by the program, or NULL */
	bool percent;         /* a number that may be typed with a trailing % */
	bool has_min, has_max;
	double min, max;
	bool not_future;
	bool keep;            /* carried into the next blank form */
	char *when_key;       /* active only when when_key's value is one of: */
	char **when_values;
	int nwhen;
	char *fills;          /* choosing from the source fills this field */
	char *hint;
} field_def;

typedef struct {
	char *path;
	char *title;
	field_def *fields;
	int nfields;
} form_def;

/* known: NULL-terminated list of field keys the program understands; a
 * form naming another key is refused. */
form_def *form_load(const char *path, const char *const *known, char *err, size_t errlen);
/* The same from an ini already read (a form kept in the database). */
form_def *form_from_ini(const ini *in, const char *const *known, char *err, size_t errlen);
void form_free(form_def *f);
int form_index(const form_def *f, const char *key);

/* Value lookup used to evaluate "when" conditions. */
typedef const char *(*form_value_fn)(void *ctx, const char *key);
bool form_field_active(const form_def *f, int idx, form_value_fn get, void *ctx);

/* Check (and normalise) one value against its field definition. Dates
 * typed as 3-5 or 20260305 become 2026-03-05; numbers follow
 * number_normalise() (full-width digits, 45% in a percent field) and come
 * out in ASCII.
 * Returns true when acceptable, with the normalised text in out; false
 * with a Chinese message saying what is wrong and what to type. Choice
 * membership for inline choices is checked here; named sources are
 * checked by the domain code that owns them. */
bool field_check(const field_def *fd, const char *value, char *out, size_t outlen,
                 char *msg, size_t msglen);

/* The default value for a new form ("today" resolved). */
void field_default(const field_def *fd, char *out, size_t outlen);

#endif
