-- SPDX-License-Identifier: ISC — Rostra
-- A reader's page says which comments they already reported ("Reported"
-- instead of Report, in any browser): GET …/comments/mine lists them, and
-- reads only that reader's reports through this index, never the thread's.

CREATE INDEX comment_report_reporter ON comment_report (reporter_id, comment_id);
COMMENT ON INDEX comment_report_reporter IS 'One reader''s reports, for the comments/mine listing of what they reported.';
