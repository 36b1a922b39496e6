/* Privilege separation, the way mail spools and game score files do it
 * (issue 11 part 2). `make install` makes the program setgid nongjian;
 * the data directory is root:nongjian 2770 and users are not in the
 * group, so no login can open the database except through the program.
 * Then (detected as getegid() != getgid() at start) the program runs with
 * the user's own group and takes the group back only to open the
 * database: every file it reads or writes for the user (exports, reports,
 * imports, backups) is opened with the user's own rights. It also reads
 * only the compiled-in system configuration and ignores the
 * environment's TZ, so no login can point it elsewhere or forge a time.
 * Without setgid (the group-writable fallback, the tests) nothing here
 * changes anything. No curses. */
#ifndef NJ_PRIVILEGE_H
#define NJ_PRIVILEGE_H

#include <stdbool.h>

/* The configuration file a setgid install reads (SYSCONFDIR compiled in). */
#ifndef NJ_SYSCONFDIR
#define NJ_SYSCONFDIR "/etc/nongjian"
#endif
#define PRIV_CONFIG NJ_SYSCONFDIR "/nongjian.ini"

/* Call first in main: in setgid mode drop to the user's group and clear
 * TZ (stored times follow the system's configured zone) and what would
 * make ncurses read a terminal description of the user's (TERMINFO,
 * TERMINFO_DIRS, TERMCAP, HOME for ~/.terminfo). */
void priv_start(void);
bool priv_setgid(void);
/* The group's name ("nongjian"), for messages; "" without setgid. */
const char *priv_group(void);
/* Take the group back (to open or close the database) and drop it
 * again. No-ops without setgid; priv_regain false when it failed. */
bool priv_regain(void);
void priv_drop(void);

#endif
