#include "store/pg_functions.h"

#include <stdlib.h>

#include "base/text.h"

/* What each does and does not cover: pg_functions.h. SQLite's rules
 * for time values and modifiers are those of its date and time
 * functions page (lang_datefunc.html); a Julian day number there is
 * days since noon, 24 November 4714 BC (proleptic Gregorian), so the
 * Unix epoch is 2440587.5. */
static const char *const functions[] = {
	/* A time value as a timestamp (UTC unless it says otherwise), NULL
	 * when SQLite would not read it. The day is added to the month's
	 * first, so 02-30 carries into March as in SQLite. */
	"CREATE FUNCTION nj_time(v text) RETURNS timestamp LANGUAGE plpgsql STABLE AS $nj$\n"
	"DECLARE m text[];\n"
	"BEGIN\n"
	"  IF v IS NULL THEN RETURN NULL; END IF;\n"
	"  v := btrim(v);\n"
	"  IF lower(v) = 'now' THEN RETURN statement_timestamp() AT TIME ZONE 'UTC'; END IF;\n"
	"  IF v ~ '^[0-9]+(\\.[0-9]*)?$' THEN RETURN nj_time(v::double precision); END IF;\n"
	"  m := regexp_match(v, '^([0-9]{4})-([0-9]{2})-([0-9]{2})"
	"(?:[ T]([0-9]{2}):([0-9]{2})(?::([0-9]{2}(?:\\.[0-9]+)?))?)?$');\n"
	"  IF m IS NULL OR m[2]::int NOT BETWEEN 1 AND 12 OR m[3]::int NOT BETWEEN 1 AND 31\n"
	"     OR coalesce(m[4]::int, 0) > 24 OR coalesce(m[5]::int, 0) > 59 OR coalesce(m[6]::numeric, 0) >= 60 THEN\n"
	"    RETURN NULL;\n"
	"  END IF;\n"
	"  RETURN make_timestamp(m[1]::int, m[2]::int, 1, 0, 0, 0) + (m[3]::int - 1) * interval '1 day'\n"
	"    + coalesce(m[4]::int, 0) * interval '1 hour' + coalesce(m[5]::int, 0) * interval '1 minute'\n"
	"    + coalesce(m[6]::double precision, 0) * interval '1 second';\n"
	"END\n"
	"$nj$",
	/* A Julian day number as a timestamp (SQLite's range: 0 to 5373484.5). */
	"CREATE FUNCTION nj_time(jd double precision) RETURNS timestamp LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT CASE WHEN jd >= 0 AND jd < 5373484.5\n"
	"  THEN timestamp '1970-01-01' + (jd - 2440587.5) * interval '1 day' END\n"
	"$nj$",
	/* The modifiers, left to right; NULL at the first SQLite would refuse. */
	"CREATE FUNCTION nj_time_modify(t timestamp, mods text[]) RETURNS timestamp LANGUAGE plpgsql STABLE AS $nj$\n"
	"DECLARE mod text; m text[]; n numeric; y int; mo int;\n"
	"BEGIN\n"
	"  FOREACH mod IN ARRAY coalesce(mods, '{}') LOOP\n"
	"    EXIT WHEN t IS NULL;\n"
	"    IF mod IS NULL THEN RETURN NULL; END IF;\n"
	"    mod := lower(btrim(mod));\n"
	"    m := regexp_match(mod, '^([+-]?[0-9]+(?:\\.[0-9]*)?) +(day|hour|minute|second|month|year)s?$');\n"
	"    IF m IS NOT NULL THEN\n"
	"      n := m[1]::numeric;\n"
	"      IF m[2] IN ('month', 'year') THEN\n"
	"        IF n <> trunc(n) THEN RETURN NULL; END IF;\n"
	"        mo := extract(year FROM t)::int * 12 + extract(month FROM t)::int - 1\n"
	"              + n::int * CASE m[2] WHEN 'year' THEN 12 ELSE 1 END;\n"
	"        y := mo / 12;\n"
	"        t := make_timestamp(y, mo - y * 12 + 1, 1, 0, 0, 0)\n"
	"             + (extract(day FROM t)::int - 1) * interval '1 day' + (t - date_trunc('day', t));\n"
	"      ELSE\n"
	"        t := t + n::double precision * ('1 ' || m[2])::interval;\n"
	"      END IF;\n"
	"    ELSIF mod IN ('start of day', 'start of month', 'start of year') THEN\n"
	"      t := date_trunc(substr(mod, 10), t);\n"
	"    ELSIF mod = 'localtime' THEN\n"
	"      t := (t AT TIME ZONE 'UTC') AT TIME ZONE current_setting('TimeZone');\n"
	"    ELSIF mod = 'utc' THEN\n"
	"      t := (t AT TIME ZONE current_setting('TimeZone')) AT TIME ZONE 'UTC';\n"
	"    ELSE\n"
	"      RETURN NULL;\n"
	"    END IF;\n"
	"  END LOOP;\n"
	"  RETURN t;\n"
	"END\n"
	"$nj$",
	"CREATE FUNCTION julianday(v text, VARIADIC mods text[] DEFAULT '{}') RETURNS double precision\n"
	"LANGUAGE sql STABLE AS $nj$\n"
	"SELECT extract(epoch FROM nj_time_modify(nj_time(v), mods))::double precision / 86400 + 2440587.5\n"
	"$nj$",
	"CREATE FUNCTION julianday(v double precision, VARIADIC mods text[] DEFAULT '{}') RETURNS double precision\n"
	"LANGUAGE sql STABLE AS $nj$\n"
	"SELECT extract(epoch FROM nj_time_modify(nj_time(v), mods))::double precision / 86400 + 2440587.5\n"
	"$nj$",
	"CREATE FUNCTION date(v text, VARIADIC mods text[] DEFAULT '{}') RETURNS text LANGUAGE sql STABLE AS $nj$\n"
	"SELECT to_char(nj_time_modify(nj_time(v), mods), 'YYYY-MM-DD')\n"
	"$nj$",
	"CREATE FUNCTION date(v double precision, VARIADIC mods text[] DEFAULT '{}') RETURNS text\n"
	"LANGUAGE sql STABLE AS $nj$\n"
	"SELECT to_char(nj_time_modify(nj_time(v), mods), 'YYYY-MM-DD')\n"
	"$nj$",
	"CREATE FUNCTION strftime(fmt text, v text, VARIADIC mods text[] DEFAULT '{}') RETURNS text\n"
	"LANGUAGE plpgsql STABLE AS $nj$\n"
	"DECLARE t timestamp := nj_time_modify(nj_time(v), mods); out text := ''; i int := 1; c text;\n"
	"BEGIN\n"
	"  IF t IS NULL OR fmt IS NULL THEN RETURN NULL; END IF;\n"
	"  WHILE i <= length(fmt) LOOP\n"
	"    c := substr(fmt, i, 1);\n"
	"    IF c <> '%' OR i = length(fmt) THEN\n"
	"      out := out || c;\n"
	"    ELSE\n"
	"      i := i + 1;\n"
	"      c := substr(fmt, i, 1);\n"
	"      out := out || CASE c\n"
	"        WHEN 'Y' THEN to_char(t, 'YYYY') WHEN 'm' THEN to_char(t, 'MM') WHEN 'd' THEN to_char(t, 'DD')\n"
	"        WHEN 'H' THEN to_char(t, 'HH24') WHEN 'M' THEN to_char(t, 'MI') WHEN 'S' THEN to_char(t, 'SS')\n"
	"        WHEN 'f' THEN to_char(trunc(extract(second FROM t), 3), 'FM00.000')\n"
	"        WHEN 'j' THEN to_char(t, 'DDD') WHEN 'w' THEN extract(dow FROM t)::int::text\n"
	"        WHEN 's' THEN floor(extract(epoch FROM t))::bigint::text\n"
	"        WHEN 'J' THEN (extract(epoch FROM t)::double precision / 86400 + 2440587.5)::text\n"
	"        WHEN '%' THEN '%'\n"
	"        ELSE NULL END;\n"
	"      IF out IS NULL THEN RETURN NULL; END IF;\n"
	"    END IF;\n"
	"    i := i + 1;\n"
	"  END LOOP;\n"
	"  RETURN out;\n"
	"END\n"
	"$nj$",
	"CREATE FUNCTION instr(a text, b text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $nj$\n"
	"SELECT strpos(a, b)\n"
	"$nj$",
	/* SQLite's printf on arguments as text: an integer conversion reads
	 * the text's leading number (none: 0), a NULL is 0 or ''. */
	"CREATE FUNCTION nj_printf(fmt text, args text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $nj$\n"
	"DECLARE out text := ''; i int := 1; k int := 1; m text[]; w int; p int; v text; num numeric; sgn text;\n"
	"BEGIN\n"
	"  IF fmt IS NULL THEN RETURN NULL; END IF;\n"
	"  WHILE i <= length(fmt) LOOP\n"
	"    m := regexp_match(substr(fmt, i), '^(%([-+ 0#!,]*)([0-9]+|\\*)?(?:\\.([0-9]+|\\*))?l{0,2}([a-zA-Z%]))');\n"
	"    IF substr(fmt, i, 1) <> '%' OR m IS NULL THEN\n"
	"      out := out || substr(fmt, i, 1);\n"
	"      i := i + 1;\n"
	"      CONTINUE;\n"
	"    END IF;\n"
	"    i := i + length(m[1]);\n"
	"    IF m[5] = '%' THEN out := out || '%'; CONTINUE; END IF;\n"
	"    w := NULL; p := NULL;\n"
	"    IF m[3] = '*' THEN w := coalesce(substring(args[k] FROM '^ *[-+]?[0-9]+')::int, 0); k := k + 1;\n"
	"    ELSE w := m[3]::int; END IF;\n"
	"    IF m[4] = '*' THEN p := coalesce(substring(args[k] FROM '^ *[-+]?[0-9]+')::int, 0); k := k + 1;\n"
	"    ELSE p := m[4]::int; END IF;\n"
	"    IF w < 0 THEN m[2] := m[2] || '-'; w := -w; END IF;\n"
	"    v := args[k];\n"
	"    k := k + 1;\n"
	"    IF m[5] IN ('d', 'i') THEN\n"
	"      num := trunc(coalesce(substring(v FROM '^ *[-+]?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?')::numeric, 0));\n"
	"      sgn := CASE WHEN num < 0 THEN '-' WHEN strpos(m[2], '+') > 0 THEN '+'\n"
	"                  WHEN strpos(m[2], ' ') > 0 THEN ' ' ELSE '' END;\n"
	"      v := abs(num)::text;\n"
	"      IF p IS NOT NULL AND length(v) < p THEN v := repeat('0', p - length(v)) || v; END IF;\n"
	"      IF strpos(m[2], '0') > 0 AND strpos(m[2], '-') = 0 AND w IS NOT NULL\n"
	"         AND length(sgn) + length(v) < w THEN\n"
	"        v := repeat('0', w - length(sgn) - length(v)) || v;\n"
	"      END IF;\n"
	"      v := sgn || v;\n"
	"    ELSIF m[5] = 's' THEN\n"
	"      v := coalesce(v, '');\n"
	"      IF p IS NOT NULL THEN v := substr(v, 1, p); END IF;\n"
	"    ELSIF m[5] = 'c' THEN\n"
	"      v := substr(coalesce(v, ''), 1, 1);\n"
	"    ELSE\n"
	"      RAISE EXCEPTION USING ERRCODE = '0A000', MESSAGE = 'printf: %' || m[5] || ' is not supported here';\n"
	"    END IF;\n"
	"    IF w IS NOT NULL AND length(v) < w THEN\n"
	"      v := CASE WHEN strpos(m[2], '-') > 0 THEN v || repeat(' ', w - length(v))\n"
	"                ELSE repeat(' ', w - length(v)) || v END;\n"
	"    END IF;\n"
	"    out := out || v;\n"
	"  END LOOP;\n"
	"  RETURN out;\n"
	"END\n"
	"$nj$",
	/* anycompatible: printf('%04d-%02d', a bigint, an integer) finds one. */
	"CREATE FUNCTION printf(fmt text) RETURNS text LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT nj_printf(fmt, '{}')\n"
	"$nj$",
	"CREATE FUNCTION printf(fmt text, a anycompatible) RETURNS text LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT nj_printf(fmt, ARRAY[a::text])\n"
	"$nj$",
	"CREATE FUNCTION printf(fmt text, a anycompatible, b anycompatible) RETURNS text LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT nj_printf(fmt, ARRAY[a::text, b::text])\n"
	"$nj$",
	"CREATE FUNCTION printf(fmt text, a anycompatible, b anycompatible, c anycompatible) RETURNS text\n"
	"LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT nj_printf(fmt, ARRAY[a::text, b::text, c::text])\n"
	"$nj$",
	"CREATE FUNCTION nj_group_concat(acc text, v anyelement, sep text) RETURNS text LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL THEN v::text ELSE acc || coalesce(sep, '') || v::text END\n"
	"$nj$",
	"CREATE FUNCTION nj_group_concat(acc text, v anyelement) RETURNS text LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT nj_group_concat(acc, v, ',')\n"
	"$nj$",
	"CREATE AGGREGATE group_concat(anyelement, text) (SFUNC = nj_group_concat, STYPE = text)",
	"CREATE AGGREGATE group_concat(anyelement) (SFUNC = nj_group_concat, STYPE = text)",
	"CREATE FUNCTION min(a anycompatible, b anycompatible) RETURNS anycompatible LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN least(a, b) END\n"
	"$nj$",
	"CREATE FUNCTION max(a anycompatible, b anycompatible) RETURNS anycompatible LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN greatest(a, b) END\n"
	"$nj$",
	"CREATE FUNCTION \"char\"(VARIADIC codes integer[]) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $nj$\n"
	"SELECT coalesce(string_agg(chr(c), '' ORDER BY i), '') FROM unnest(codes) WITH ORDINALITY AS u(c, i)\n"
	"$nj$",
	/* The code points of schema.c's SAFE CHECK; NULL is safe. */
	"CREATE FUNCTION nj_safe(t text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT t IS NULL OR t !~ '[\\x01-\\x1f\\x7f-\\x9f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\ufeff]'\n"
	"$nj$",
	/* ledger/salelist.c's sale_buyer_matches without the pinyin initials. */
	"CREATE FUNCTION nj_buyer(typed text, buyer text, id_number text, credit_code text) RETURNS boolean\n"
	"LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT CASE\n"
	"  WHEN code = '' THEN false\n"
	"  WHEN code = coalesce(id_number, '') OR code = coalesce(credit_code, '') THEN true\n"
	"  ELSE strpos(coalesce(buyer, ''), coalesce(typed, '')) > 0 END\n"
	"FROM (SELECT translate(btrim(coalesce(typed, ''), E' \\t\\n\\r\\f\\v'), 'abcdefghijklmnopqrstuvwxyz',\n"
	"                       'ABCDEFGHIJKLMNOPQRSTUVWXYZ') AS code) x\n"
	"$nj$",
	/* For the triggers and the view as store/pg_schema.c translates them:
	 * SQLite has no booleans, a comparison is 0 or 1. coalesce(x, 0)
	 * becomes nj_or0(x) whatever x is; 1 * (a = b) and value + 1 on a
	 * text column (meta's counters) are operators. */
	"CREATE FUNCTION nj_or0(v boolean) RETURNS boolean LANGUAGE sql IMMUTABLE AS $nj$ SELECT coalesce(v, false) $nj$",
	"CREATE FUNCTION nj_or0(v bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $nj$ SELECT coalesce(v, 0) $nj$",
	"CREATE FUNCTION nj_or0(v integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $nj$ SELECT coalesce(v, 0) $nj$",
	"CREATE FUNCTION nj_or0(v double precision) RETURNS double precision LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT coalesce(v, 0)\n"
	"$nj$",
	"CREATE FUNCTION nj_times(a integer, b boolean) RETURNS integer LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT a * b::int\n"
	"$nj$",
	"CREATE OPERATOR * (LEFTARG = integer, RIGHTARG = boolean, FUNCTION = nj_times)",
	/* text as a number: its leading number, none 0 (SQLite's rule) */
	"CREATE FUNCTION nj_plus(a text, b integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT coalesce(substring(a FROM '^ *[-+]?[0-9]+')::bigint, 0) + b\n"
	"$nj$",
	"CREATE OPERATOR + (LEFTARG = text, RIGHTARG = integer, FUNCTION = nj_plus)",
	/* sum() of comparisons, SQLite's 0s and 1s (the count tables' open
	 * parts, recounted by nongjian check): NULL when there is no value. */
	"CREATE FUNCTION nj_sum_bool(acc bigint, v boolean) RETURNS bigint LANGUAGE sql IMMUTABLE AS $nj$\n"
	"SELECT CASE WHEN v IS NULL THEN acc ELSE coalesce(acc, 0) + v::int END\n"
	"$nj$",
	"CREATE AGGREGATE sum(boolean) (SFUNC = nj_sum_bool, STYPE = bigint)",
};

void pg_functions_add(pg_script *s)
{
	for (size_t i = 0; i < sizeof functions / sizeof *functions; i++)
		pg_script_add(s, xstrdup(functions[i]));
}
