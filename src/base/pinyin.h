/* Pinyin initials of Chinese characters, for finding a producer by typing
 * the first letters of its name: zsnc finds 张三农场. A polyphonic
 * character has every initial it can be read with (行 h/x, 长 c/z) and
 * matches any of them. No curses here. */
#ifndef NJ_PINYIN_H
#define NJ_PINYIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Initials of a code point as a bit set: bit 0 = 'a' ... bit 25 = 'z';
 * 0 when the character has none (not Chinese, or unknown). */
uint32_t pinyin_initials(uint32_t cp);
/* The same as a string ("hx" for 行, "" for none). */
void pinyin_initials_str(uint32_t cp, char *out, size_t outlen);

/* A name prepared for matching: one unit per character that can match
 * (a Chinese character's initials; an ASCII letter or digit as itself);
 * other characters (spaces, brackets, punctuation) are skipped. */
#define PINYIN_LITERAL 0x80000000u   /* low 7 bits: lower-case ASCII char */
/* Fills out (at most max units) and returns how many; never fails. */
int pinyin_units(const char *utf8, uint32_t *out, int max);

/* Does the typed string (ASCII letters and digits, any case) match the
 * name's units, starting at some character and running on consecutive
 * ones? Returns the position of the first match, or -1. An empty or
 * non-ASCII typed string matches nothing. */
int pinyin_match_units(const char *typed, const uint32_t *units, int n);
/* Convenience: prepare name and match. */
bool pinyin_match(const char *typed, const char *name);

/* Is s something that can be typed as initials (ASCII letters/digits
 * only, at least one letter)? */
bool pinyin_is_initials(const char *s);

#endif
