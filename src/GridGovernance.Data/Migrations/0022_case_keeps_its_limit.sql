-- A case keeps the time limit it was filed under (issue 12): the county administration may change a 小类's limit or unit,
-- and that must apply to cases filed afterwards only. The case copies its 小类's limit and unit when it is filed (and when it
-- is re-classified), and its deadline is counted from the copy at 立案 — not from the 小类 as it is on that day.
ALTER TABLE case_file ADD COLUMN time_limit integer, ADD COLUMN time_unit text;

UPDATE case_file c SET time_limit = k.time_limit, time_unit = k.time_unit FROM case_category k WHERE k.code = c.category;

ALTER TABLE case_file
    ALTER COLUMN time_limit SET NOT NULL,
    ALTER COLUMN time_unit SET NOT NULL,
    ADD CONSTRAINT case_file_time_limit_positive CHECK (time_limit > 0),
    ADD CONSTRAINT case_file_time_unit_known CHECK (time_unit IN ('work_hour', 'work_day', 'minute'));

-- Every writer (intake, field report, API, tests) files cases without naming the limit: the copy is the database's job.
CREATE FUNCTION case_file_copy_limit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.category IS DISTINCT FROM OLD.category THEN
        SELECT k.time_limit, k.time_unit INTO NEW.time_limit, NEW.time_unit FROM case_category k WHERE k.code = NEW.category;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER case_file_copy_limit BEFORE INSERT OR UPDATE OF category ON case_file
    FOR EACH ROW EXECUTE FUNCTION case_file_copy_limit();
