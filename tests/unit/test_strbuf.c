/* base/strbuf: a growing string, with Chinese text and insertion at either end. */
#include <stdlib.h>

#include "base/strbuf.h"
#include "check.h"

int main(void)
{
	sbuf b = {0};
	char *e = sb_take(&b);
	CHECK_STR(e, "", "nothing added: an empty string, not NULL");
	free(e);
	sb_add(&b, "侣俸镇");
	sb_addn(&b, "织篢镇XYZ", 9);
	sb_addf(&b, " %d 条", 600);
	CHECK_STR(b.s, "侣俸镇织篢镇 600 条", "add, a byte count, and printf");
	CHECK(b.n == strlen(b.s), "the length kept (%zu)", b.n);
	sb_insert(&b, 0, "〔");
	sb_insert(&b, b.n, "〕");
	CHECK_STR(b.s, "〔侣俸镇织篢镇 600 条〕", "insert at the start and at the end");
	for (int i = 0; i < 1000; i++)
		sb_add(&b, "检");
	CHECK(b.n == strlen("〔侣俸镇织篢镇 600 条〕") + 3000, "grows past its first size (%zu)", b.n);
	char *s = sb_take(&b);
	CHECK(b.s == NULL && b.n == 0 && b.cap == 0, "taken: the buffer is empty again");
	free(s);
	sbuf c = {0};
	sb_insert(&c, 0, "中");
	CHECK_STR(c.s, "中", "insert into an empty buffer");
	free(sb_take(&c));
	return check_done();
}
