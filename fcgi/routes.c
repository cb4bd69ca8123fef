/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The route table: every address the API answers, one row each, and the
 * accessors the dispatcher (route.c), the worker and the supervisor read
 * it through. Declarations only: no request is looked at here.
 */
#include <string.h>

#include "fcgi/api/mod_api.h"
#include "fcgi/route.h"
#include "lib/scoreboard.h"

#define V1	"/comments/api/v1"

/* Members of PATCH …/moderation/settings: db_setting_names, with their JSON types. */
#define SETTINGS_BODY "premoderate:bool suspect_action:string link_max:int blocked_domains:string" \
	" rate_author_max:int rate_address_max:int rate_window:int repeat_window:int" \
	" approved_min:int report_hold:int auto_close_days:int guest_address_max:int"

#define GET	METHOD_GET
#define POST	METHOD_POST
#define PUT	METHOD_PUT
#define PATCH	METHOD_PATCH
#define DELETE	METHOD_DELETE
#define PUBLIC	AUTH_PUBLIC
#define OPTIONAL AUTH_OPTIONAL
#define SESSION	AUTH_SESSION
#define READER	ROLE_READER
#define MOD	ROLE_MODERATOR
#define ADMIN	ROLE_ADMIN

/*
 * Method, path, who (auth, least role), cache class, query parameters,
 * body members (NULL: no body), handler. docs/API.md has a heading for
 * every row (tests/e2e/api_docs.test.mjs compares them).
 */
static const struct route routes[] = {
	{ GET, V1 "/health", PUBLIC, READER, CACHE_PRIVATE, "", NULL, api_health_get },
	{ GET, V1 "/metrics", OPTIONAL, READER, CACHE_PRIVATE, "", NULL, api_metrics_get },
	{ GET, V1 "/articles/{article}/comments", PUBLIC, READER, CACHE_PUBLIC,
	    "sort:word limit:int cursor:cursor", NULL, api_comments_list },
	{ POST, V1 "/articles/{article}/comments", OPTIONAL, READER, CACHE_PRIVATE, "",
	    "body:string author_name:string parent_id:int title:string url:string",
	    api_comments_post },
	{ GET, V1 "/articles/{article}/fragment", PUBLIC, READER, CACHE_PUBLIC, "lang:any", NULL,
	    api_fragment_get },
	{ GET, V1 "/articles/{article}/comments/mine", SESSION, READER, CACHE_PRIVATE, "", NULL,
	    api_comments_mine },
	{ GET, V1 "/counts", PUBLIC, READER, CACHE_PUBLIC, "article*:key", NULL, api_counts_get },
	{ GET, V1 "/comments/{comment}/replies", PUBLIC, READER, CACHE_PUBLIC, "limit:int cursor:cursor",
	    NULL, api_replies_list },
	{ GET, V1 "/comments/{comment}/context", PUBLIC, READER, CACHE_PUBLIC, "", NULL,
	    api_comment_context },
	{ PATCH, V1 "/comments/{comment}", SESSION, READER, CACHE_PRIVATE, "", "body:string",
	    api_comment_edit },
	{ DELETE, V1 "/comments/{comment}", SESSION, READER, CACHE_PRIVATE, "", NULL,
	    api_comment_delete },
	{ PUT, V1 "/comments/{comment}/reaction", SESSION, READER, CACHE_PRIVATE, "", NULL,
	    api_reaction_put },
	{ DELETE, V1 "/comments/{comment}/reaction", SESSION, READER, CACHE_PRIVATE, "", NULL,
	    api_reaction_delete },
	{ POST, V1 "/comments/{comment}/reports", SESSION, READER, CACHE_PRIVATE, "",
	    "reason:string note:string", api_reports_post },
	{ POST, V1 "/session/guest", OPTIONAL, READER, CACHE_PRIVATE, "",
	    "display_name:string article:string", api_session_guest },
	{ POST, V1 "/session", PUBLIC, READER, CACHE_PRIVATE, "", "email:string password:string",
	    api_session_login },
	{ POST, V1 "/session/sso", PUBLIC, READER, CACHE_PRIVATE, "", "token:string",
	    api_session_sso },
	{ DELETE, V1 "/session", SESSION, READER, CACHE_PRIVATE, "", NULL, api_session_end },
	{ DELETE, V1 "/sessions", SESSION, READER, CACHE_PRIVATE, "", NULL, api_sessions_end_all },
	{ POST, V1 "/accounts", PUBLIC, READER, CACHE_PRIVATE, "",
	    "email:string password:string display_name:string", api_account_create },
	{ GET, V1 "/me", OPTIONAL, READER, CACHE_PRIVATE, "", NULL, api_me_get },
	{ PATCH, V1 "/me", SESSION, READER, CACHE_PRIVATE, "", "display_name:string article:string",
	    api_me_update },
	{ GET, V1 "/demo/sso-token", PUBLIC, READER, CACHE_PRIVATE, "", NULL, api_demo_sso_probe },
	{ POST, V1 "/demo/sso-token", PUBLIC, READER, CACHE_PRIVATE, "", NULL, api_demo_sso_token },
	/* Moderator routes: the token's role first, then the handler checks the stored one. */
	{ GET, V1 "/moderation/me", SESSION, MOD, CACHE_PRIVATE, "", NULL, mod_api_me },
	{ GET, V1 "/moderation/queues", SESSION, MOD, CACHE_PRIVATE_ETAG, "article:key", NULL,
	    mod_queue_counts },
	{ GET, V1 "/moderation/comments", SESSION, MOD, CACHE_PRIVATE_ETAG,
	    "queue:word article:key cursor:text limit:int q:text reason:word user:text", NULL,
	    mod_queue_list },
	{ POST, V1 "/moderation/comments/actions", SESSION, MOD, CACHE_PRIVATE, "",
	    "action:string ids:array from:any reason:string note:string", mod_actions_comments },
	{ GET, V1 "/moderation/users/{user}", SESSION, MOD, CACHE_PRIVATE, "", NULL, mod_users_get },
	{ POST, V1 "/moderation/users/{user}/actions", SESSION, MOD, CACHE_PRIVATE, "",
	    "action:string hours:int note:string reject_comments:bool", mod_users_act },
	{ GET, V1 "/moderation/articles/{article}", SESSION, MOD, CACHE_PRIVATE, "", NULL,
	    mod_articles_get },
	{ POST, V1 "/moderation/articles/{article}/actions", SESSION, MOD, CACHE_PRIVATE, "",
	    "action:string days:int", mod_articles_act },
	{ GET, V1 "/moderation/log", SESSION, MOD, CACHE_PRIVATE, "comment:text user:text", NULL,
	    mod_log_get },
	{ GET, V1 "/moderation/settings", SESSION, MOD, CACHE_PRIVATE, "", NULL, mod_settings_get },
	{ PATCH, V1 "/moderation/settings", SESSION, ADMIN, CACHE_PRIVATE, "", SETTINGS_BODY,
	    mod_settings_update },
	{ GET, V1 "/moderation/words", SESSION, MOD, CACHE_PRIVATE, "", NULL, mod_words_get },
	{ POST, V1 "/moderation/words", SESSION, MOD, CACHE_PRIVATE, "",
	    "list:string add:array remove:array", mod_words_change },
};

#define ROUTES	(sizeof(routes) / sizeof(routes[0]))
_Static_assert(ROUTES < SCOREBOARD_ROUTES, "the scoreboard counts every route and one more");

int
route_count(void)
{
	return (int)ROUTES;
}

const struct route *
route_row(int i)
{
	return i < 0 || i >= (int)ROUTES ? NULL : &routes[i];
}

int
route_index(const struct route *r)
{
	return r != NULL ? (int)(r - routes) : -1;
}

const char *
route_label(int i)
{
	/* The common prefix says nothing in a log line or a metric label. */
	if (i < 0 || i >= (int)ROUTES)
		return "unmatched";
	return routes[i].pattern + strlen(V1);
}

const char *
route_method(int i)
{
	return i < 0 || i >= (int)ROUTES ? "-" : request_method_name(routes[i].method);
}
