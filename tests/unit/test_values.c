/* Numbers written as text keep their value (base/values.h): what the
 * screens show, export writes and import reads back. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/values.h"

int main(void)
{
	check_init();
	static const struct {
		double x;
		const char *want;
	} cases[] = {
		{35, "35"}, {45.5, "45.5"}, {0.02, "0.02"}, {1e-8, "0.00000001"}, {0, "0"}, {-0.0, "0"},
		{0.1 + 0.2, "0.30000000000000004"}, {123456.789, "123456.789"}, {-2.5, "-2.5"},
		{1e20, "100000000000000000000"}, {0.000123, "0.000123"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char out[64];
		values_format_number(cases[i].x, out, sizeof out);
		CHECK_STR(out, cases[i].want, "number as text");
		CHECK(strtod(out, NULL) == cases[i].x, "%s reads back as exactly the same number", out);
		CHECK(!strchr(out, 'e'), "%s has no exponent", out);
	}
	char small[8];
	values_format_number(1e-8, small, sizeof small);
	CHECK(strtod(small, NULL) == 1e-8, "a short buffer still keeps the value (%s)", small);
	return check_done();
}
