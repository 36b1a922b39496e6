/* base/dynlib: a library's functions loaded on first use, and the two
 * messages when it or one of its symbols is missing. */
#include <string.h>

#include "base/dynlib.h"
#include "check.h"

#define LIBC_FUNCS(X) X(strlen) X(strcmp)
DYNLIB_FUNCS(libc, LIBC_FUNCS)

int main(void)
{
	check_init();
	char err[256] = "";
	CHECK(libc_open("libc.so.6", "测试", "安装", "版本", err, sizeof err), "the functions load: %s", err);
	CHECK(libc.strlen("abc") == 3 && libc.strcmp("a", "a") == 0, "and are called through the struct");
	CHECK(libc_open("libnj-missing.so.0", "测试", "安装", "版本", err, sizeof err),
	      "a second call is true at once (loaded before)");

	void *slot;
	void **const slots[] = {&slot};
	const char *const missing[] = {"nj_no_such_symbol"};
	CHECK(!dynlib_load("libnj-missing.so.0", missing, slots, 1, "无法测试", "安装它", "版本太旧", err,
	                   sizeof err), "a missing library is refused");
	CHECK_STR(err, "无法测试：找不到 libnj-missing.so.0 (安装它)", "its message names it");
	CHECK(!dynlib_load("libc.so.6", missing, slots, 1, "无法测试", "安装它", "版本太旧", err, sizeof err),
	      "a missing symbol is refused");
	CHECK_STR(err, "无法测试：libc.so.6 中没有 nj_no_such_symbol (版本太旧)", "its message names the symbol");
	return check_done();
}
