-- The work calendar that deadlines count on (工作时/工作日): working periods per county, and the published calendar of
-- each year — public holidays (放假) and make-up workdays (调休上班). A NULL county_code is the default for every county;
-- a county's own rows win over it (its own periods replace the default set; its own date rows replace the national row).

-- Working periods of a workday, local time (China Standard Time), end exclusive. A county with no rows uses the default set.
CREATE TABLE work_period (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_code  text REFERENCES county (code),
    starts_at    time NOT NULL,
    ends_at      time NOT NULL,
    CONSTRAINT work_period_starts_before_it_ends CHECK (starts_at < ends_at)
);
CREATE INDEX work_period_county_idx ON work_period (county_code);

-- Overlapping periods would count the same minutes twice; the set of one county (or the default set) must not overlap.
CREATE FUNCTION work_period_refuse_overlap() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM work_period p
               WHERE p.id <> NEW.id AND p.county_code IS NOT DISTINCT FROM NEW.county_code
                 AND p.starts_at < NEW.ends_at AND NEW.starts_at < p.ends_at) THEN
        RAISE EXCEPTION '工作时段 %–% 与已有时段重叠', NEW.starts_at, NEW.ends_at USING ERRCODE = 'exclusion_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER work_period_no_overlap BEFORE INSERT OR UPDATE ON work_period
    FOR EACH ROW EXECUTE FUNCTION work_period_refuse_overlap();

-- The years whose calendar is published and loaded. A year not listed counts plain Monday–Friday, and the app warns.
CREATE TABLE work_calendar_year (
    year         integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    county_code  text REFERENCES county (code),
    source       text NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    CONSTRAINT work_calendar_year_once UNIQUE NULLS NOT DISTINCT (year, county_code)
);

-- One date that differs from the Monday–Friday rule. A make-up workday is by definition a Saturday or a Sunday.
CREATE TABLE work_calendar_day (
    day          date NOT NULL,
    county_code  text REFERENCES county (code),
    kind         text NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    CONSTRAINT work_calendar_day_once UNIQUE NULLS NOT DISTINCT (day, county_code),
    CONSTRAINT work_calendar_day_workday_on_weekend CHECK (kind <> 'workday' OR extract(isodow FROM day) IN (6, 7))
);

-- Default working hours (common practice; counties with summer/winter hours set their own rows).
INSERT INTO work_period (county_code, starts_at, ends_at) VALUES
    (NULL, '08:30', '12:00'),
    (NULL, '14:30', '17:30');

-- 2026: 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04).
INSERT INTO work_calendar_year (year, county_code, source) VALUES
    (2026, NULL, '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）');

INSERT INTO work_calendar_day (day, county_code, kind, name)
SELECT d::date, NULL, 'holiday', name
FROM (VALUES
        ('2026-01-01'::date, '2026-01-03'::date, '元旦'),
        ('2026-02-15', '2026-02-23', '春节'),
        ('2026-04-04', '2026-04-06', '清明节'),
        ('2026-05-01', '2026-05-05', '劳动节'),
        ('2026-06-19', '2026-06-21', '端午节'),
        ('2026-09-25', '2026-09-27', '中秋节'),
        ('2026-10-01', '2026-10-07', '国庆节')) AS h (first_day, last_day, name),
     generate_series(first_day, last_day, interval '1 day') AS d;

INSERT INTO work_calendar_day (day, county_code, kind, name) VALUES
    ('2026-01-04', NULL, 'workday', '元旦调休'),
    ('2026-02-14', NULL, 'workday', '春节调休'),
    ('2026-02-28', NULL, 'workday', '春节调休'),
    ('2026-05-09', NULL, 'workday', '劳动节调休'),
    ('2026-09-20', NULL, 'workday', '国庆节调休'),
    ('2026-10-10', NULL, 'workday', '国庆节调休');
