/* Cells as Excel and WPS write them (transfer/cells.h): Alt+Enter breaks,
 * 年月日 dates and date serial numbers, phone numbers and codes that Excel
 * has already damaged. */
#include <stdbool.h>
#include <string.h>

#include "check.h"
#include "transfer/cells.h"

static char out[128], msg[512];

static cell_result rd(cell_kind k, const char *v)
{
	out[0] = msg[0] = '\0';
	return cell_read(k, v, out, sizeof out, msg, sizeof msg);
}

static bool date_is(const char *v, cell_result want, const char *iso)
{
	return rd(CELL_DATE, v) == want && (want == CELL_SAME || strcmp(out, iso) == 0);
}

int main(void)
{
	check_init();
	CHECK(date_is("2026年1月5日", CELL_CHANGED, "2026-01-05"), "2026年1月5日 is 2026-01-05");
	CHECK(date_is("2026年12月31日", CELL_CHANGED, "2026-12-31"), "2026年12月31日");
	CHECK(date_is("2026年2月30日", CELL_SAME, ""), "2026年2月30日 is left to the form (refused there)");
	CHECK(date_is("46027", CELL_NOTE, "2026-01-05") && strstr(msg, "46027"), "serial 46027 is 2026-01-05, with a note");
	CHECK(date_is("45658", CELL_NOTE, "2025-01-01"), "serial 45658 is 2025-01-01");
	CHECK(date_is("61", CELL_NOTE, "1900-03-01"), "serial 61 is 1900-03-01 (after Excel's 29 February 1900)");
	CHECK(date_is("46027.75", CELL_NOTE, "2026-01-05"), "a date-time serial is its date");
	CHECK(date_is("2026/1/5 0:00", CELL_CHANGED, "2026/1/5"), "a midnight time is dropped");
	CHECK(date_is("2026-01-05 00:00:00", CELL_CHANGED, "2026-01-05"), "00:00:00 dropped");
	CHECK(date_is("2026/1/5 8:30", CELL_SAME, ""), "a real time is left to the form");
	CHECK(date_is("20260105", CELL_SAME, ""), "20260105 is the form's own");
	CHECK(date_is("2026/1/5", CELL_SAME, ""), "2026/1/5 is the form's own");
	CHECK(rd(CELL_LINES, "白龙村\n3组") == CELL_NOTE && strcmp(out, "白龙村 3组") == 0, "LF becomes a space");
	CHECK(rd(CELL_LINES, "复检 \r\n\r\n 送检") == CELL_NOTE && strcmp(out, "复检 送检") == 0,
	      "CRLF runs and the spaces around them become one space");
	CHECK(rd(CELL_LINES, "白龙村3组") == CELL_SAME, "no break: unchanged");
	CHECK(rd(CELL_PHONE, "2345671234") == CELL_BAD && strstr(msg, "文本"), "10 digits without a 0: lost its 0");
	CHECK(rd(CELL_PHONE, "75587654321") == CELL_BAD, "11 digits not a mobile: lost its 0");
	CHECK(rd(CELL_PHONE, "13800000000") == CELL_SAME, "a mobile number");
	CHECK(rd(CELL_PHONE, "02345671234") == CELL_SAME, "a landline with its 0");
	CHECK(rd(CELL_PHONE, "023-45671234") == CELL_SAME, "a landline with a dash");
	CHECK(rd(CELL_PHONE, "45671234") == CELL_SAME, "a local number");
	CHECK(rd(CELL_PHONE, "13800000000/2345671234") == CELL_BAD, "the second of two numbers lost its 0");
	CHECK(rd(CELL_PHONE, "13800000000、02345671234") == CELL_SAME, "two good numbers with 、");
	CHECK(rd(CELL_PHONE, "1.38E+10") == CELL_BAD && strstr(msg, "科学计数法"), "scientific notation");
	CHECK(rd(CELL_CODE, "5.0022419700101E+017") == CELL_BAD && strstr(msg, "科学计数法"), "an ID number as 5.0022E+017");
	CHECK(rd(CELL_CODE, "500224197001011230") == CELL_SAME, "an ID number");
	CHECK(rd(CELL_PLAIN, "46027") == CELL_SAME, "plain cells are left alone");
	return check_done();
}
