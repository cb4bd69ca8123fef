/* SPDX-License-Identifier: ISC — Rostra */
/* The table behind status.h. */
#include "lib/status.h"

static const struct {
	int		 status;
	const char	*reason;
} statuses[STATUS_ROWS - 1] = {
	{ 200, "OK" },
	{ 201, "Created" },
	{ 202, "Accepted" },
	{ 204, "No Content" },
	{ 304, "Not Modified" },
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 409, "Conflict" },
	{ 413, "Content Too Large" },
	{ 415, "Unsupported Media Type" },
	{ 422, "Unprocessable Content" },
	{ 429, "Too Many Requests" },
	{ 431, "Request Header Fields Too Large" },
	{ 500, "Internal Server Error" },
	{ 502, "Bad Gateway" },
	{ 503, "Service Unavailable" },
};

int
status_row(int status)
{
	for (int i = 0; i < STATUS_ROWS - 1; i++)
		if (statuses[i].status == status)
			return i;
	return STATUS_ROWS - 1;
}

int
status_of_row(int row)
{
	return row >= 0 && row < STATUS_ROWS - 1 ? statuses[row].status : 0;
}

const char *
status_reason(int status)
{
	int	 row = status_row(status);

	return row < STATUS_ROWS - 1 ? statuses[row].reason : "Unknown";
}
