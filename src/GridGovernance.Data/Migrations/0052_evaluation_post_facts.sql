-- 岗位评价 (posts) from the facts alone: each case's facts name whose post it counts for — the staff account that reported it
-- (a grid worker's own report) and the account of its first 立案 (the first 'accept' timeline entry made by an account, a
-- dispatcher's registration) with the Beijing month of that entry. Written like every other fact: the first row by the
-- intake trigger (reporter), every later one by Features/Stats/EvaluationFacts in the transaction of the timeline entry
-- (registrar), so the posts table (StatsCharts.PostsAsync) no longer joins case_file and case_timeline per request.
-- No foreign keys: facts are derived rows (case_file.reported_by_account_id and case_timeline already hold the references).

ALTER TABLE eval_case_fact
    ADD COLUMN reporter_account_id  bigint,
    ADD COLUMN registrar_account_id bigint,
    ADD COLUMN registered_month     date CHECK (extract(day FROM registered_month) = 1);

-- A dispatcher's volume is counted in the month of the registration.
CREATE INDEX eval_case_fact_registered_idx ON eval_case_fact (county_code, registered_month, grid_code)
    INCLUDE (registrar_account_id)
    WHERE registered_month IS NOT NULL;

-- The intake trigger of 0050, now with the reporter.
CREATE OR REPLACE FUNCTION eval_case_fact_on_report() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO eval_case_fact (case_id, county_code, township_code, village_code, grid_code, category, source, reported_month,
                                counted, closed_in_month, closed_on_time, checked, reworked, escalated, reporter_account_id)
    VALUES (NEW.id, NEW.county_code, NEW.township_code, NEW.village_code, NEW.grid_code, NEW.category, NEW.source,
            eval_month(NEW.created_at), false, false, false, false, false, false, NEW.reported_by_account_id)
    ON CONFLICT (case_id) DO NOTHING;
    RETURN NULL;
END
$$;

-- Back-fill the rows that exist: what EvaluationFacts writes on the case's next timeline entry (and FactBackfillService for a
-- case without facts), derived here once in SQL with the same rule.
UPDATE eval_case_fact f
SET reporter_account_id = c.reported_by_account_id,
    registrar_account_id = r.actor_account_id,
    registered_month = eval_month(r.at)
FROM case_file c
LEFT JOIN LATERAL (SELECT t.actor_account_id, t.at FROM case_timeline t
                   WHERE t.case_id = c.id AND t.action = 'accept' AND t.actor_account_id IS NOT NULL
                   ORDER BY t.at, t.id LIMIT 1) r ON true
WHERE c.id = f.case_id AND (c.reported_by_account_id IS NOT NULL OR r.actor_account_id IS NOT NULL);
