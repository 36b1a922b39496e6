#include "ui/ui_keys.h"

#include <curses.h>
#include <string.h>

/* Key names and the ncurses codes the screens act on. */
static const struct {
	const char *name;
	int code;
} names[] = {
	{"F1", KEY_F(1)}, {"F2", KEY_F(2)}, {"F3", KEY_F(3)}, {"F4", KEY_F(4)},
	{"F5", KEY_F(5)}, {"F6", KEY_F(6)}, {"F7", KEY_F(7)}, {"F8", KEY_F(8)},
	{"F9", KEY_F(9)}, {"F10", KEY_F(10)},
	{"Home", KEY_HOME}, {"End", KEY_END}, {"PgUp", KEY_PPAGE}, {"PgDn", KEY_NPAGE},
	{"Up", KEY_UP}, {"Down", KEY_DOWN}, {"Left", KEY_LEFT}, {"Right", KEY_RIGHT},
	{"BTab", KEY_BTAB}, {"Delete", KEY_DC}, {"Insert", KEY_IC},
};

/* What each terminal (or terminal mode) sends. Where two terminals agree
 * the sequence is listed once, under the first. Documented for users in
 * README.md (Keys) and nongjian.1 (按键). */
static const struct {
	const char *seq;
	const char *key;
} seqs[] = {
	/* xterm, tmux/screen, Xshell and SecureCRT in xterm mode, PuTTY's
	 * "VT100+" mode for F1-F4: the VT100 PF keys. */
	{"\033OP", "F1"}, {"\033OQ", "F2"}, {"\033OR", "F3"}, {"\033OS", "F4"},
	{"\033[15~", "F5"}, {"\033[17~", "F6"}, {"\033[18~", "F7"}, {"\033[19~", "F8"},
	{"\033[20~", "F9"}, {"\033[21~", "F10"},
	/* PuTTY's default ("ESC[n~"), its "Xterm R6" and "VT400" modes, rxvt,
	 * Xshell and SecureCRT in VT220 mode: F1-F4 as VT220 keys. */
	{"\033[11~", "F1"}, {"\033[12~", "F2"}, {"\033[13~", "F3"}, {"\033[14~", "F4"},
	/* PuTTY "VT100+": F5-F10 continue the PF letters. */
	{"\033OT", "F5"}, {"\033OU", "F6"}, {"\033OV", "F7"}, {"\033OW", "F8"},
	{"\033OX", "F9"}, {"\033OY", "F10"},
	/* PuTTY "SCO" (and SCO consoles): F1-F10 are ESC [ M to ESC [ V. */
	{"\033[M", "F1"}, {"\033[N", "F2"}, {"\033[O", "F3"}, {"\033[P", "F4"},
	{"\033[Q", "F5"}, {"\033[R", "F6"}, {"\033[S", "F7"}, {"\033[T", "F8"},
	{"\033[U", "F9"}, {"\033[V", "F10"},
	{"\033[I", "PgUp"}, {"\033[G", "PgDn"}, {"\033[L", "Insert"},
	/* The Linux console (and PuTTY's "Linux" mode): F1-F5. */
	{"\033[[A", "F1"}, {"\033[[B", "F2"}, {"\033[[C", "F3"}, {"\033[[D", "F4"},
	{"\033[[E", "F5"},
	/* Home/End: xterm (both cursor modes), PuTTY and the console (ESC[1~
	 * ESC[4~), rxvt (ESC[7~ ESC[8~), SCO (ESC[H ESC[F as xterm). */
	{"\033[H", "Home"}, {"\033[F", "End"}, {"\033OH", "Home"}, {"\033OF", "End"},
	{"\033[1~", "Home"}, {"\033[4~", "End"}, {"\033[7~", "Home"}, {"\033[8~", "End"},
	{"\033[2~", "Insert"}, {"\033[3~", "Delete"}, {"\033[5~", "PgUp"}, {"\033[6~", "PgDn"},
	/* Arrows in normal and application cursor mode; Shift-Tab. */
	{"\033[A", "Up"}, {"\033[B", "Down"}, {"\033[C", "Right"}, {"\033[D", "Left"},
	{"\033OA", "Up"}, {"\033OB", "Down"}, {"\033OC", "Right"}, {"\033OD", "Left"},
	{"\033[Z", "BTab"},
};

static int code_of(const char *name)
{
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].code;
	return 0;
}

void ui_keys_define(void)
{
	for (size_t i = 0; i < sizeof seqs / sizeof *seqs; i++)
		define_key(seqs[i].seq, code_of(seqs[i].key));
}

int ui_keys_lookup(const char *seq)
{
	for (size_t i = 0; i < sizeof seqs / sizeof *seqs; i++)
		if (strcmp(seqs[i].seq, seq) == 0)
			return code_of(seqs[i].key);
	return 0;
}

bool ui_keys_complete(const char *seq)
{
	size_t n = strlen(seq);
	if (n < 3 || seq[0] != '\033')
		return false;
	if (seq[1] == 'O')           /* SS3: one final character */
		return n == 3;
	if (seq[1] != '[')
		return false;
	if (seq[2] == '[')           /* the console's ESC [ [ letter */
		return n == 4;
	/* CSI: parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, then one
	 * final byte 0x40-0x7E (ECMA-48). */
	unsigned char last = (unsigned char)seq[n - 1];
	return last >= 0x40 && last <= 0x7E;
}
