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
