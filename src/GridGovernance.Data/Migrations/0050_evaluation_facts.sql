-- Evaluation (考核) facts: one row per case and per work order, holding what the monthly indicators count — the month each
-- counts in, the area and unit codes, on-time flags and durations in working minutes. They are written by the app
-- (Features/Stats/EvaluationFacts, from Domain/Evaluation/FactRules) in the same transaction as every timeline entry, so a
-- ranking sums a month's facts instead of scanning every case and its timeline. Months are the first day of a Beijing month.

CREATE TABLE eval_case_fact (
    case_id          bigint PRIMARY KEY REFERENCES case_file (id),
    county_code      text NOT NULL REFERENCES county (code),
    township_code    text NOT NULL,
    village_code     text NOT NULL,
    grid_code        text NOT NULL,
    category         text NOT NULL,
    source           text NOT NULL,
    reported_month   date NOT NULL CHECK (extract(day FROM reported_month) = 1),
    -- The month its closure counts in (closed by the deadline: the month closed; otherwise the month it fell due).
    due_month        date CHECK (extract(day FROM due_month) = 1),
    counted          boolean NOT NULL,   -- in the closure denominators (not 缓办/终止/作废)
    closed_in_month  boolean NOT NULL,
    closed_on_time   boolean NOT NULL,
    checked          boolean NOT NULL,   -- went through 核查 (or failed one)
    reworked         boolean NOT NULL,
    handled_level    text CHECK (handled_level IN ('grid', 'village', 'township')),
    escalated        boolean NOT NULL,   -- climbed a level by the escalation clock
    close_minutes    integer CHECK (close_minutes >= 0),
    rated_month      date CHECK (extract(day FROM rated_month) = 1),
    satisfied        boolean,
    resolved         boolean,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT eval_case_fact_codes_nest CHECK (starts_with(township_code, county_code) AND starts_with(village_code, township_code)
                                               AND starts_with(grid_code, village_code))
);
CREATE INDEX eval_case_fact_due_idx ON eval_case_fact (county_code, due_month, grid_code) WHERE due_month IS NOT NULL;
CREATE INDEX eval_case_fact_reported_idx ON eval_case_fact (county_code, reported_month, grid_code);
CREATE INDEX eval_case_fact_rated_idx ON eval_case_fact (county_code, rated_month, grid_code) WHERE rated_month IS NOT NULL;

CREATE TABLE eval_order_fact (
    order_id           bigint PRIMARY KEY REFERENCES work_order (id),
    case_id            bigint NOT NULL REFERENCES case_file (id),
    unit_code          text NOT NULL,
    department_code    text NOT NULL,
    county_code        text NOT NULL REFERENCES county (code),
    township_code      text NOT NULL,
    village_code       text NOT NULL,
    grid_code          text NOT NULL,
    month              date NOT NULL CHECK (extract(day FROM month) = 1),   -- the month it was dispatched
    counted            boolean NOT NULL,   -- not withdrawn
    responded_in_time  boolean NOT NULL,
    sign_minutes       integer CHECK (sign_minutes >= 0),
    arrive_minutes     integer CHECK (arrive_minutes >= 0),
    returned           boolean NOT NULL,
    extended           boolean NOT NULL,
    handled            boolean NOT NULL,   -- fed back at least once
    reworked           boolean NOT NULL,
    due                boolean NOT NULL,   -- owed by the unit (not returned, withdrawn or shelved)
    fed_back_on_time   boolean NOT NULL,
    updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX eval_order_fact_month_idx ON eval_order_fact (county_code, month, grid_code);
CREATE INDEX eval_order_fact_unit_idx ON eval_order_fact (county_code, month, unit_code);
CREATE INDEX eval_order_fact_case_idx ON eval_order_fact (case_id);

-- 督办 counts in the month its threshold fell due.
CREATE INDEX supervision_due_at_idx ON supervision (due_at);

-- Cases that existed before this migration get their facts on their next timeline entry (no back-fill yet): a county
-- adopting evaluation mid-stream starts from its first full month.

-- The Beijing month of an instant, as its first day: SQL's copy of Domain/Evaluation/EvaluationMonth.Of (China has kept UTC+8
-- without daylight saving since 1991; EvaluationMonthSqlTests holds the two together at the month's edges).
CREATE FUNCTION eval_month(at timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT date_trunc('month', (at AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;

-- A new case's first facts (counted in the month it was reported, nothing else yet) come with its row, so the resident's
-- one-statement intake stays one statement; every later change is written by the app beside its timeline entry.
CREATE FUNCTION eval_case_fact_on_report() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO eval_case_fact (case_id, county_code, township_code, village_code, grid_code, category, source, reported_month,
                                counted, closed_in_month, closed_on_time, checked, reworked, escalated)
    VALUES (NEW.id, NEW.county_code, NEW.township_code, NEW.village_code, NEW.grid_code, NEW.category, NEW.source,
            eval_month(NEW.created_at), false, false, false, false, false, false)
    ON CONFLICT (case_id) DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER case_file_eval_fact AFTER INSERT ON case_file FOR EACH ROW EXECUTE FUNCTION eval_case_fact_on_report();
