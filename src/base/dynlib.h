/* A shared library loaded when it is first needed, not linked in: the
 * xlsx writer (transfer/sheet.c) and libpq (store/pg.c) bring libraries
 * most sessions never use, each costing memory and start-up time in
 * every process. A caller lists its functions in an X-macro list and
 * declares them with DYNLIB_FUNCS. */
#ifndef NJ_DYNLIB_H
#define NJ_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

/* Open lib and fill *slots[i] with the symbol names[i], for n symbols.
 * True when all are there (the library then stays loaded for the life of
 * the process). False when the library is missing or a symbol is (the
 * library closed again), err then saying "what：找不到 lib (install)" or
 * "what：lib 中没有 symbol (old)". */
bool dynlib_load(const char *lib, const char *const *names, void **const *slots, size_t n, const char *what,
                 const char *install, const char *old, char *err, size_t errlen);

/* For an X-macro list FUNCS of functions: the struct var of pointers to
 * them (called as var.f(...)), and
 *   static bool var_open(lib, what, install, old, err, errlen)
 * which loads them all with dynlib_load the first time it is called and
 * is true at once after a load that succeeded. */
#define DYNLIB_MEMBER(f) __typeof__(&f) f;
#define DYNLIB_NAME(f) #f,
#define DYNLIB_SLOT(f) (void **)&dynlib_var->f,
#define DYNLIB_FUNCS(var, FUNCS)                                                                       \
	static struct {                                                                                \
		FUNCS(DYNLIB_MEMBER)                                                                   \
	} var;                                                                                         \
	static bool var##_open(const char *lib, const char *what, const char *install, const char *old, \
	                       char *err, size_t errlen)                                                \
	{                                                                                              \
		static bool loaded;                                                                    \
		static const char *const names[] = {FUNCS(DYNLIB_NAME)};                               \
		__typeof__(var) *dynlib_var = &var;                                                    \
		void **const slots[] = {FUNCS(DYNLIB_SLOT)};                                           \
		return loaded || (loaded = dynlib_load(lib, names, slots, sizeof names / sizeof *names, what, \
		                                       install, old, err, errlen));                     \
	}

#endif
