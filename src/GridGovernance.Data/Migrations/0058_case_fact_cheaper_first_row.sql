-- A new case's first facts cost less of the intake (tests/bench "(c) What the facts add to one intake": ≈ 12 % of an intake's
-- CPU before this). The fact row of a case being inserted cannot exist yet — its id was just drawn, and the back-fill cannot
-- see an uncommitted case — so the trigger's INSERT needs no ON CONFLICT (no speculative insertion). The facts' own county
-- foreign key checked again what the case row's foreign key had just checked (the county code is copied from it, and
-- eval_case_fact_case_id_fkey ties the fact to that case), so it goes: one referential check less per case and per order.
-- (0052's trigger body, with its reporter, minus the ON CONFLICT.)
CREATE OR REPLACE FUNCTION eval_case_fact_on_report() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO eval_case_fact (case_id, county_code, township_code, village_code, grid_code, category, source, reported_month,
                                counted, closed_in_month, closed_on_time, checked, reworked, escalated, reporter_account_id)
    VALUES (NEW.id, NEW.county_code, NEW.township_code, NEW.village_code, NEW.grid_code, NEW.category, NEW.source,
            eval_month(NEW.created_at), false, false, false, false, false, false, NEW.reported_by_account_id);
    RETURN NULL;
END
$$;

ALTER TABLE eval_case_fact DROP CONSTRAINT eval_case_fact_county_code_fkey;
ALTER TABLE eval_order_fact DROP CONSTRAINT eval_order_fact_county_code_fkey;
