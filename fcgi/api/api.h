/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The reader API's handlers and the context they run in. The dispatcher
 * (route.c) has already checked the method, the path parameter, the body
 * size and the content type; handlers check only what is theirs.
 */
#ifndef ROSTRA_API_H
#define ROSTRA_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/config.h"
#include "lib/error.h"
#include "fcgi/api/out.h"
#include "fcgi/api/request.h"
#include "fcgi/api/app.h"
#include "auth/session.h"

struct db;
struct json_object;
struct query_param;

struct ctx {
	struct arena		*arena;		/* this request's memory */
	const struct config	*cfg;
	struct db		*db;
	const struct request	*req;
	struct response		*res;
	const char		*key;		/* {article} from the path, validated, NUL-terminated; or NULL */
	size_t			 key_len;
	int64_t			 id;		/* {comment} or {user} from the path, validated; or 0 */
	const struct query_param *query;	/* the query string, checked against the route's list */
	size_t			 nquery;
	struct json_object	*body;		/* the body's object, members checked; or NULL */
	const struct app	*app;
	const struct keyring	*keys;		/* session signing keys (app->keys) */
	time_t			 now;
	bool			 signed_in;	/* a valid session token came with the request */
	struct session_claims	 session;	/* its claims, when signed_in */
};

/* Each fills ctx->res and returns ERR_OK, or returns out_fail(…). */
enum err	api_health_get(struct ctx *ctx);

/* GET /metrics, Prometheus text, the scoreboard's counters by route (fcgi/api/api_metrics.c). */
enum err	api_metrics_get(struct ctx *ctx);

enum err	api_comments_list(struct ctx *ctx);
enum err	api_comments_post(struct ctx *ctx);
enum err	api_comments_mine(struct ctx *ctx);
enum err	api_replies_list(struct ctx *ctx);
enum err	api_comment_context(struct ctx *ctx);
enum err	api_fragment_get(struct ctx *ctx);
enum err	api_reports_post(struct ctx *ctx);
enum err	api_reaction_put(struct ctx *ctx);
enum err	api_reaction_delete(struct ctx *ctx);
enum err	api_comment_delete(struct ctx *ctx);
enum err	api_comment_edit(struct ctx *ctx);
enum err	api_counts_get(struct ctx *ctx);
enum err	api_session_guest(struct ctx *ctx);
enum err	api_session_end(struct ctx *ctx);
enum err	api_sessions_end_all(struct ctx *ctx);
enum err	api_me_get(struct ctx *ctx);
enum err	api_me_update(struct ctx *ctx);
enum err	api_account_create(struct ctx *ctx);
enum err	api_session_login(struct ctx *ctx);
enum err	api_session_sso(struct ctx *ctx);
enum err	api_demo_sso_token(struct ctx *ctx);
enum err	api_demo_sso_probe(struct ctx *ctx);

/*
 * The body parsers of routes whose handlers go on to the database, apart
 * so they can be fuzzed alone. Each returns ERR_OK, or the error with the
 * answer already written by out_fail (reports) or with *why (accounts).
 */
struct input_error;
struct credentials {
	const char	*email;		/* arena memory */
	const char	*password;	/* password_len bytes in the parsed body, no NUL */
	size_t		 password_len;
	const char	*display_name;	/* registration only; arena memory */
	const char	*name_key;	/* its key (moderation/name.h); arena memory */
};
/* A registration (registering) or a login: email, password[, display_name]. */
enum err	api_account_credentials_parse(struct ctx *ctx, bool registering,
		    struct credentials *c, struct input_error *why);
/* A report: *reason one of the known codes, *note NULL or text (the body's memory). */
enum err	api_reports_body_parse(struct ctx *ctx, const char **reason, const char **note);

/* Why a guest cannot take a name. */
/* A name whose key an account, a single sign-on reader or staff holds (moderation/name.h). */
#define API_NAME_TAKEN	"That name is taken: a registered reader or a moderator uses it (or one that reads the same). If it is yours, please sign in; otherwise choose another name."

struct new_session;
struct comment;
struct jsonw;

/* The client's address if it is an IP address (stored and counted), else NULL. */
const char	*api_client_address(const struct ctx *ctx);

/* The 429 for one guest too many from the client's address (db_guest_create). */
enum err	api_session_guest_limited(struct ctx *ctx);

/* A comment as readers see it; status (e.g. "held") only for its author's own answer. */
void		api_comment_json(struct jsonw *w, const struct comment *c, const char *status);

/* Bytes c's JSON takes, give or take escapes (the writer grows): a jsonw_init hint. */
size_t		api_comment_size(const struct comment *c);

/* Lets the caller's next reads bypass the shared cache for fresh_seconds (after a change). */
void		api_fresh_grant(struct ctx *ctx);

#endif
