/* A shared library loaded when it is first needed, not linked in: the
 * xlsx writer (transfer/sheet.c) and libpq (store/pg.c) bring libraries
 * most sessions never use, each costing memory and start-up time in
 * every process. A caller keeps its functions in a struct of pointers
 * made from an X-macro list of names and lists their addresses here. */
#ifndef NJ_DYNLIB_H
#define NJ_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

/* Open lib and fill *slots[i] with the symbol names[i], for n symbols.
 * True when all are there (the library then stays loaded for the life of
 * the process). False when the library is missing (*missing is NULL) or
 * a symbol is (*missing names it; the library is closed again). */
bool dynlib_load(const char *lib, const char *const *names, void **const *slots, size_t n,
                 const char **missing);

/* For a caller's X-macro list FUNCS of the functions, kept in the struct
 * var: the names and the addresses of its members, in the list's order. */
#define DYNLIB_NAME(f) #f,
#define DYNLIB_SLOT(var, f) (void **)&var.f,

#endif
