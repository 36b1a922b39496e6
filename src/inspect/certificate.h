/* 食用农产品合格证: the certificates a producer issued, entered by the town
 * as a count per month (or imported). A month entered again is kept and
 * the latest count is the month's. Staff enter their own town's only; a
 * count is never negative nor above the maximum the admin set
 * (settings certificate.max_month, default CERT_MAX_MONTH). No curses. */
#ifndef NJ_CERTIFICATE_H
#define NJ_CERTIFICATE_H

#include <stdbool.h>
#include <stddef.h>

#include "store/users.h"
#include "store/db.h"

#define CERT_MAX_MONTH 10000

/* who_text: the producer by registry number, code or exact name; month YYYY-MM (or
 * YYYY-M), not after this month; count as typed. Audited. */
bool certificate_enter(db_conn *db, const char *who_text, const char *month, const char *count,
                       const account *who, char *err, size_t errlen);

#endif
