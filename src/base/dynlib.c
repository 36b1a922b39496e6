#include "base/dynlib.h"

#include <dlfcn.h>

bool dynlib_load(const char *lib, const char *const *names, void **const *slots, size_t n,
                 const char **missing)
{
	*missing = NULL;
	void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(*slots[i] = dlsym(h, names[i]))) {
			*missing = names[i];
			dlclose(h);
			return false;
		}
	return true; /* the handle is kept: the functions are used until exit */
}
