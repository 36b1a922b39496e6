/* Writing CSV that Excel opens correctly: UTF-8 with BOM, CRLF, quoting
 * where needed, and a leading ' on text that a spreadsheet would take for
 * a formula (= + - @). */
#ifndef NJ_CSVOUT_H
#define NJ_CSVOUT_H

#include <stdbool.h>
#include <stdio.h>

void csvout_bom(FILE *fp);
/* One field; first says whether it starts the row. text: apply the
 * formula guard (false for numbers, which may be negative). */
void csvout_field(FILE *fp, const char *s, bool first, bool text);
void csvout_end(FILE *fp);

#endif
