/* A record's field values as a fixed array of owned UTF-8 strings, ""
 * when empty (never NULL while the record lives). Shared by samples and
 * producers; no curses, no SQL. */
#ifndef NJ_VALUES_H
#define NJ_VALUES_H

#include <stddef.h>

void values_init(char **v, int n);
void values_free(char **v, int n);
/* Fill v (holding no strings of its own) with copies of src's. */
void values_dup(char **v, char *const *src, int n);
void values_set(char **v, int n, int i, const char *value);
/* Index of key in a NULL-terminated key list, or -1. */
int values_index(const char *const *keys, const char *key);
/* Canonical text for a number: no trailing zeros ("45.5", "0.02"), no
 * exponent, and exactly the value stored (1e-8 is "0.00000001"). */
void values_format_number(double x, char *out, size_t outlen);

#endif
