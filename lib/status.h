/* SPDX-License-Identifier: ISC — Rostra */
/*
 * The HTTP statuses the daemon answers, in one table: the reason phrase a
 * response carries, and the row each is counted in by the scoreboard and
 * /metrics. lib/error.c maps each error to one of them.
 */
#ifndef ROSTRA_STATUS_H
#define ROSTRA_STATUS_H

/* The rows: every status in the table, and a last one for any other. */
#define STATUS_ROWS	20

/* The row status is counted in; STATUS_ROWS - 1 if it is not in the table. */
int		 status_row(int status);

/* The status of row (0 for the last row, "any other"). */
int		 status_of_row(int row);

/* The reason phrase of status ("Unknown" for one not in the table). */
const char	*status_reason(int status);

#endif
