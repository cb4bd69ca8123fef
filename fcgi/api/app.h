/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The daemon's long-lived state, built by app_load before the fork (and
 * again on SIGHUP) and only read by workers. Whoever loaded it frees it.
 */
#ifndef ROSTRA_APP_H
#define ROSTRA_APP_H

#include <stddef.h>

#include "lib/config.h"
#include "lib/keyring.h"
#include "auth/sso.h"
#include "lib/token.h"

struct app {
	struct config		 cfg_store;
	const struct config	*cfg;		/* &cfg_store, or a test's own */
	struct keyring		*keys;		/* session signing keys */
	struct sso		*sso;		/* the news site's keys; may hold none */
	struct tok_secret	*demo_sso;	/* demo only: signs SSO tokens; NULL on a real site */
};

/*
 * Reads the configuration (built-in defaults, the file at path if not
 * NULL, the ROSTRA_* environment), the key ring and the single sign-on
 * keys into app. 0, or -1 with the reason in err and nothing held.
 */
int	app_load(struct app *app, const char *path, char *err, size_t errlen);

/* Frees what app_load filled in. */
void	app_free(struct app *app);

#endif
