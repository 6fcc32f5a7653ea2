-- 岗位评价 (posts) from index pages only, like the rankings (0056). StatsCharts.PostsSql sums, per post account, the facts of
-- each month a case counts in for it: a 网格员's reported cases (reported_month, reporter_account_id), a 调度员's registered
-- ones (registered_month, registrar_account_id: 0052's index already covers it) and both posts' cases due in the month
-- (due_month, with the closure flags). Before this the query OR-ed two months per post through a bitmap heap scan: every
-- fact of the county-month was fetched from the heap (tests/bench/README.md, "Posts"). The reported and due indexes gain
-- the account columns as INCLUDE columns (no new index to maintain per intake: a fact row keeps the same index entries);
-- the post accounts under an area are read from a partial index of their own instead of a scan of every staff account.

DROP INDEX eval_case_fact_reported_idx;
DROP INDEX eval_case_fact_due_idx;

CREATE INDEX eval_case_fact_reported_idx ON eval_case_fact (county_code, reported_month, grid_code)
    INCLUDE (township_code, village_code, escalated, reporter_account_id);
CREATE INDEX eval_case_fact_due_idx ON eval_case_fact (county_code, due_month, grid_code)
    INCLUDE (township_code, village_code, counted, closed_in_month, closed_on_time, checked, reworked, handled_level, close_minutes,
             reporter_account_id, registrar_account_id)
    WHERE due_month IS NOT NULL;

-- The accounts that have a post: enabled 调度员 and 网格员, by scope prefix (starts_with uses text_pattern_ops).
CREATE INDEX staff_account_post_idx ON staff_account (scope_code text_pattern_ops) INCLUDE (id, role, display_name)
    WHERE role IN ('township_dispatcher', 'grid_worker') AND NOT disabled;
