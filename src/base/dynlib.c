#include "base/dynlib.h"

#include <dlfcn.h>

#include "base/err.h"

bool dynlib_load(const char *lib, const char *const *names, void **const *slots, size_t n, const char *what,
                 const char *install, const char *old, char *err, size_t errlen)
{
	void *h = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return errf(err, errlen, "%s：找不到 %s (%s)", what, lib, install);
	for (size_t i = 0; i < n; i++)
		if (!(*slots[i] = dlsym(h, names[i]))) {
			dlclose(h);
			return errf(err, errlen, "%s：%s 中没有 %s (%s)", what, lib, names[i], old);
		}
	return true; /* the handle is kept: the functions are used until exit */
}
