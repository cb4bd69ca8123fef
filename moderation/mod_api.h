/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The moderator API's handlers. The route table admits only sessions whose
 * token claims a moderator role; each handler checks the role stored now,
 * so a demoted moderator is refused at once.
 */
#ifndef ROSTRA_MOD_API_H
#define ROSTRA_MOD_API_H

#include "api.h"

/* GET /moderation/me: the signed-in moderator, for the moderator pages. */
enum err	mod_api_me(struct ctx *ctx);

#endif
