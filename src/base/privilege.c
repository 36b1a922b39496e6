#include "base/privilege.h"

#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static bool setgid_mode;
static gid_t group;    /* the program's group (the saved set-group-ID) */
static char group_name[64];

void priv_start(void)
{
	setgid_mode = getegid() != getgid();
	if (!setgid_mode)
		return;
	group = getegid();
	struct group *g = getgrgid(group);
	snprintf(group_name, sizeof group_name, "%s", g && g->gr_name ? g->gr_name : "?");
	/* Stored times are evidence: the zone is the system's (set by root
	 * in /etc/localtime), not whatever the login's TZ says. */
	unsetenv("TZ");
	tzset();
	/* Running with the user's own group, the process looks unprivileged
	 * to the libraries (getgid() == getegid()), so ncurses would read a
	 * terminal description the login chose ($TERMINFO, $TERMINFO_DIRS,
	 * $TERMCAP, ~/.terminfo) in a process that can take the group back:
	 * a malformed one is how CVE-2023-29491 corrupted memory. Only the
	 * system's descriptions, as for sudo (HOME is only what ncurses
	 * looks for ~/.terminfo by; nothing else here reads it). */
	static const char *const terminal_files[] = {"TERMINFO", "TERMINFO_DIRS", "TERMCAP", "HOME"};
	for (size_t i = 0; i < sizeof terminal_files / sizeof *terminal_files; i++)
		unsetenv(terminal_files[i]);
	priv_drop();
}

bool priv_setgid(void)
{
	return setgid_mode;
}

const char *priv_group(void)
{
	return group_name;
}

bool priv_regain(void)
{
	return !setgid_mode || setegid(group) == 0;
}

void priv_drop(void)
{
	/* Back to the user's own group; the saved set-group-ID keeps the
	 * program's for priv_regain. A failure here must not go on with the
	 * group: stop. */
	if (setgid_mode && setegid(getgid()) != 0)
		abort();
}
