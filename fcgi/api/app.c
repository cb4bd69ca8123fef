/* SPDX-License-Identifier: ISC — Rostra */
/*
 * Loading the daemon's state: the same steps at start and on SIGHUP, so a
 * reload sees exactly what a restart would (apart from the socket and the
 * user, which only a restart changes).
 */
#include <stdio.h>
#include <string.h>

#include "fcgi/api/app.h"
#include "lib/log.h"

int
app_load(struct app *app, const char *path, char *err, size_t errlen)
{
	char	 why[512];

	memset(app, 0, sizeof(*app));
	app->cfg = &app->cfg_store;
	config_defaults(&app->cfg_store);
	if ((path != NULL && config_load(&app->cfg_store, path, err, errlen) == -1) ||
	    config_from_env(&app->cfg_store, err, errlen) == -1)
		goto fail;
	if ((app->keys = keyring_open(app->cfg->keyring, why, sizeof(why))) == NULL) {
		snprintf(err, errlen, "key ring: %s", why);
		goto fail;
	}
	if ((app->sso = sso_open(app->cfg->sso_keys, app->cfg->sso_audience, why,
	    sizeof(why))) == NULL) {
		snprintf(err, errlen, "%s", why);
		goto fail;
	}
	if (app->cfg->demo_sso_key_file[0] != '\0' && (app->demo_sso =
	    sso_secret_load(app->cfg->demo_sso_key_file, why, sizeof(why))) == NULL) {
		snprintf(err, errlen, "demo_sso_key_file: %s", why);
		goto fail;
	}
	return 0;
fail:
	app_free(app);
	return -1;
}

void
app_free(struct app *app)
{
	keyring_free(app->keys);
	sso_free(app->sso);
	tok_secret_free(app->demo_sso);
	config_free(&app->cfg_store);
	memset(app, 0, sizeof(*app));
}
