/* Check characters of the two codes a producer may be registered under:
 * the 18-character 统一社会信用代码 (unified social credit code, GB 32100)
 * and the 18-character 公民身份号码 (citizen ID number, GB 11643).
 * No curses, no database. */
#ifndef NJ_IDCODE_H
#define NJ_IDCODE_H

#include <stdbool.h>
#include <stddef.h>

#define IDCODE_LEN 18

/* The check character for the first 17 characters of a credit code
 * (alphabet 0-9 A-H J-N P-R T-U W-Y); '\0' when one of them is not in
 * the alphabet. */
char idcode_uscc_check(const char *first17);
/* The check character ('0'-'9' or 'X') for the first 17 digits of an ID
 * number; '\0' when they are not all digits. */
char idcode_id_check(const char *first17);

/* Normalise in place: trim spaces, upper-case letters (a typed x or a
 * lower-case credit code is accepted). */
void idcode_normalise(char *s);

/* Full checks of a normalised code. True when valid; false with a Chinese
 * message saying what is wrong (naming the code and, for a wrong check
 * character, the one expected). */
bool idcode_uscc_valid(const char *code, char *msg, size_t msglen);
/* Also checks the date of birth (characters 7-14): a real date, not
 * before 1800 and not after today. */
bool idcode_id_valid(const char *id, char *msg, size_t msglen);

#endif
