/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The daemon's long-lived state, built once in main before the fork and
 * only read afterwards. main owns it and everything it points to.
 */
#ifndef ROSTRA_APP_H
#define ROSTRA_APP_H

#include "config.h"
#include "keyring.h"
#include "sso.h"
#include "token.h"

struct app {
	const struct config	*cfg;
	struct keyring		*keys;		/* session signing keys */
	struct sso		*sso;		/* the news site's keys; may hold none */
	struct tok_secret	*demo_sso;	/* demo only: signs SSO tokens; NULL on a real site */
};

#endif
