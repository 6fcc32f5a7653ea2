-- The monthly rankings read a county-month's facts through covering indexes (index-only scans): at province scale (a year of
-- 1,000,000 cases, tests/bench "Evaluation") a month's case facts of one county lie on thousands of heap pages, and fetching
-- them made a ranking heap-bound. Each of the three months a case counts in (reported, due, rated) gets its own index
-- holding exactly what StatsQueries sums for it; the work-order facts likewise. They replace the plain indexes of 0050
-- (same leading columns, so every other reader keeps its index).

DROP INDEX eval_case_fact_reported_idx;
DROP INDEX eval_case_fact_due_idx;
DROP INDEX eval_case_fact_rated_idx;
DROP INDEX eval_order_fact_month_idx;

CREATE INDEX eval_case_fact_reported_idx ON eval_case_fact (county_code, reported_month, grid_code)
    INCLUDE (township_code, village_code, escalated);
CREATE INDEX eval_case_fact_due_idx ON eval_case_fact (county_code, due_month, grid_code)
    INCLUDE (township_code, village_code, counted, closed_in_month, closed_on_time, checked, reworked, handled_level, close_minutes)
    WHERE due_month IS NOT NULL;
CREATE INDEX eval_case_fact_rated_idx ON eval_case_fact (county_code, rated_month, grid_code)
    INCLUDE (township_code, village_code, satisfied, resolved)
    WHERE rated_month IS NOT NULL;
CREATE INDEX eval_order_fact_month_idx ON eval_order_fact (county_code, month, grid_code)
    INCLUDE (township_code, village_code, counted, responded_in_time, returned, extended, sign_minutes, arrive_minutes);
