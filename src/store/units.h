/* Units (the district testing centre and the towns/streets) in the
 * database, kept in step with the configured town list. */
#ifndef NJ_UNITS_H
#define NJ_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/config.h"
#include "store/db.h"

/* Insert configured units missing from the database (writes only when
 * something is missing). */
bool units_sync(db_conn *db, const config *c, char *err, size_t errlen);
/* The unit list as the database has it (the centre first) into c. */
bool units_read(db_conn *db, config *c, char *err, size_t errlen);
/* Unit id by full or short name; 0 when unknown. */
long long units_id(db_conn *db, const char *name);

#endif
