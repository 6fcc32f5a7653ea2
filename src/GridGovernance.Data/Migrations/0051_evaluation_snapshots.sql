-- Evaluation rules per county and the monthly close (月度考核): a month's rankings frozen once, then published.

-- The county's own weights of the composite score and its 红黑榜 rule. A county without a row uses the defaults
-- (Domain/Evaluation: ScoreWeights.Default 30/35/35 + 20, HonourRule.Default top 3 / bottom 3).
CREATE TABLE eval_setting (
    county_code          text PRIMARY KEY REFERENCES county (code),
    weight_response      integer NOT NULL DEFAULT 30 CHECK (weight_response >= 0),
    weight_resolution    integer NOT NULL DEFAULT 35 CHECK (weight_resolution >= 0),
    weight_satisfaction  integer NOT NULL DEFAULT 35 CHECK (weight_satisfaction >= 0),
    weight_on_time       integer NOT NULL DEFAULT 20 CHECK (weight_on_time >= 0),
    red_count            integer NOT NULL DEFAULT 3 CHECK (red_count BETWEEN 0 AND 50),
    black_count          integer NOT NULL DEFAULT 3 CHECK (black_count BETWEEN 0 AND 50),
    CONSTRAINT eval_setting_some_weight CHECK (weight_response + weight_resolution + weight_satisfaction + weight_on_time > 0)
);

-- One frozen month of one county: the weights and rule it was scored with, when it was frozen and (once) published.
CREATE TABLE eval_snapshot (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    county_code   text NOT NULL REFERENCES county (code),
    month         date NOT NULL CHECK (extract(day FROM month) = 1),
    frozen_at     timestamptz NOT NULL DEFAULT now(),
    weights       jsonb NOT NULL,
    rule          jsonb NOT NULL,
    published_at  timestamptz,
    published_by  bigint REFERENCES staff_account (id),
    CONSTRAINT eval_snapshot_once_per_month UNIQUE (county_code, month),
    CONSTRAINT eval_snapshot_published_by_someone CHECK ((published_at IS NULL) = (published_by IS NULL))
);

-- The frozen rows: every level (township, village, grid, unit) with its sums (jsonb: IndicatorCounts), score, rank and list.
CREATE TABLE eval_snapshot_row (
    snapshot_id    bigint NOT NULL REFERENCES eval_snapshot (id),
    level          text NOT NULL CHECK (level IN ('township', 'village', 'grid', 'unit')),
    code           text NOT NULL,
    parent_code    text NOT NULL,
    name           text NOT NULL,
    counts         jsonb NOT NULL,
    score          numeric(4, 1),
    grade          char(1) CHECK (grade IN ('A', 'B', 'C', 'D')),
    rank           integer CHECK (rank > 0),
    previous_rank  integer CHECK (previous_rank > 0),
    board          text NOT NULL CHECK (board IN ('none', 'red', 'black')),
    criticised     boolean NOT NULL,
    PRIMARY KEY (snapshot_id, level, code)
);

-- Frozen means frozen: rows are never changed or removed, and a snapshot only ever gains its publication.
CREATE FUNCTION eval_snapshot_row_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '已封存的月度考核不能修改或删除（%）', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
CREATE FUNCTION eval_snapshot_only_publish() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.published_at IS NULL
           AND (NEW.id, NEW.county_code, NEW.month, NEW.frozen_at, NEW.weights, NEW.rule)
               IS NOT DISTINCT FROM (OLD.id, OLD.county_code, OLD.month, OLD.frozen_at, OLD.weights, OLD.rule) THEN
            RETURN NEW;   -- publishing, once
        END IF;
    END IF;
    RAISE EXCEPTION '已封存的月度考核不能修改或删除（%）', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER eval_snapshot_frozen BEFORE UPDATE OR DELETE ON eval_snapshot
    FOR EACH ROW EXECUTE FUNCTION eval_snapshot_only_publish();
CREATE TRIGGER eval_snapshot_row_frozen BEFORE UPDATE OR DELETE ON eval_snapshot_row
    FOR EACH ROW EXECUTE FUNCTION eval_snapshot_row_refuse_change();
