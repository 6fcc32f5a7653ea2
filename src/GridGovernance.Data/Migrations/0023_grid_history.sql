-- Grid history (issue 12): grids are redrawn — split, merged, a shared border moved, created, retired — and history must
-- survive a redraw.
--
-- The simplest shape that lets a case keep the grid it was reported in: a grid keeps its code (the key every case, account
-- and placard holds) for as long as it exists; its geometry is versioned. The row holds the current shape and since when
-- it holds (valid_from); every earlier shape is archived in grid_version [valid_from, valid_to) by a trigger, whoever
-- writes. A grid that goes away is retired, never deleted (retired_at, and successor_code: the grid that took its ground),
-- so a case filed in it keeps its grid and grid_geom_at(code, case time) gives the shape it had then.
ALTER TABLE grid
    -- Existing grids hold since forever (their history starts here); grids written from now on since they are written.
    ADD COLUMN valid_from timestamptz NOT NULL DEFAULT '-infinity',
    ADD COLUMN retired_at timestamptz,
    ADD COLUMN successor_code text REFERENCES grid (code),
    -- Set by every redraw of the grid; the printed placard (QR code, grid name, staff) no longer fits: reprint it.
    ADD COLUMN placard_reprint boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT grid_successor_of_retired CHECK (successor_code IS NULL OR (retired_at IS NOT NULL AND successor_code <> code));
ALTER TABLE grid ALTER COLUMN valid_from SET DEFAULT now();
CREATE INDEX grid_live_idx ON grid (village_code) WHERE retired_at IS NULL;

CREATE TABLE grid_version (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    grid_code   text NOT NULL REFERENCES grid (code),
    valid_from  timestamptz NOT NULL,
    valid_to    timestamptz NOT NULL CHECK (valid_to >= valid_from),
    geom        geometry(MultiPolygon, 4326) NOT NULL CHECK (territory_geom_ok(geom))
);
CREATE INDEX grid_version_grid_idx ON grid_version (grid_code, valid_to);

-- Archives the shape a grid had until now whenever its shape changes (or it is retired: its last shape stays on the row).
CREATE FUNCTION grid_keep_history() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT ST_Equals(NEW.geom, OLD.geom) THEN
        INSERT INTO grid_version (grid_code, valid_from, valid_to, geom)
        VALUES (OLD.code, OLD.valid_from, greatest(now(), OLD.valid_from), OLD.geom);
        NEW.valid_from := now();
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER grid_keep_history BEFORE UPDATE OF geom ON grid
    FOR EACH ROW EXECUTE FUNCTION grid_keep_history();

-- The shape grid `code` had at time `at` (a case's creation time: the grid it was reported in, as it was then).
CREATE FUNCTION grid_geom_at(code text, at timestamptz) RETURNS geometry
LANGUAGE sql STABLE AS $$
    (SELECT v.geom FROM grid_version v WHERE v.grid_code = $1 AND v.valid_from <= $2 AND $2 < v.valid_to ORDER BY v.id LIMIT 1)
    UNION ALL
    (SELECT g.geom FROM grid g WHERE g.code = $1 AND g.valid_from <= $2 AND (g.retired_at IS NULL OR $2 < g.retired_at))
    LIMIT 1
$$;

-- Live grids must not overlap (beyond the 0.1% that 6-decimal rounding of shared edges may cause, as for "inside its
-- parent"). Checked at commit, so an edit may shrink one grid and grow its neighbour in either order. Grids of one village
-- only: villages do not overlap and grids lie inside theirs.
CREATE FUNCTION grid_no_overlap() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    other text;
BEGIN
    -- The row as it is at commit (a later statement of the transaction may have changed or retired it again).
    IF NOT EXISTS (SELECT 1 FROM grid WHERE code = NEW.code AND retired_at IS NULL) THEN RETURN NULL; END IF;
    SELECT o.code INTO other
    FROM grid g JOIN grid o ON o.village_code = g.village_code AND o.code <> g.code AND o.retired_at IS NULL
    WHERE g.code = NEW.code AND ST_Intersects(o.geom, g.geom)
      AND ST_Area(ST_Intersection(o.geom, g.geom)) > 0.001 * least(ST_Area(o.geom), ST_Area(g.geom))
    LIMIT 1;
    IF other IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = format('网格 %s 与网格 %s 重叠', NEW.code, other),
            CONSTRAINT = 'grid_no_overlap';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER grid_no_overlap AFTER INSERT OR UPDATE OF geom, retired_at ON grid
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION grid_no_overlap();

-- How much of a village its live grids cover (0–1): 全域覆盖. A redraw must leave it at 99.9% or more (or, in a county whose
-- grids never covered a village fully, no lower than before): grid_edit_check_coverage refuses otherwise.
CREATE FUNCTION village_grid_coverage(village text) RETURNS float8
LANGUAGE sql STABLE AS $$
    SELECT coalesce(ST_Area(ST_Intersection(ST_Union(g.geom), v.geom)) / nullif(ST_Area(v.geom), 0), 0)
    FROM village v LEFT JOIN grid g ON g.village_code = v.code AND g.retired_at IS NULL
    WHERE v.code = $1
    GROUP BY v.code, v.geom
$$;

CREATE FUNCTION grid_edit_check_coverage(village text, before float8) RETURNS float8
LANGUAGE plpgsql AS $$
DECLARE
    after float8 := village_grid_coverage(village);
BEGIN
    IF after < least(0.999, before - 1e-9) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = format('村（社区）%s 的网格覆盖率将降为 %s%%（至少 99.9%%）', village, round((after * 100)::numeric, 2)),
            CONSTRAINT = 'village_grid_coverage';
    END IF;
    RETURN after;
END $$;

-- Which grid holds a point (migration 0015), now among live grids only: a retired grid takes no new case, household or unit.
CREATE OR REPLACE FUNCTION grid_at_point(lng float8, lat float8)
RETURNS TABLE (grid_code text, inside_grid boolean)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS geom)
    (SELECT g.code, true FROM grid g, pt WHERE ST_Intersects(g.geom, pt.geom) AND g.retired_at IS NULL ORDER BY g.code LIMIT 1)
    UNION ALL
    (SELECT g.code, false FROM grid g, pt
     WHERE ST_DWithin(g.geom, pt.geom, 0.003) AND g.retired_at IS NULL
       AND EXISTS (SELECT 1 FROM county c WHERE ST_Intersects(c.geom, pt.geom))
     ORDER BY g.geom <-> pt.geom LIMIT 1)
    LIMIT 1
$$;

-- Households and 十联户 units follow the grids by position (grid_at_point) when a grid is redrawn, so their grid is no longer
-- the one their code was issued in: a code stays what it is (cases, accounts and the 联户长 hold it), and only its village
-- part must still match (grids never leave their village). A 联户长 is a household of their unit (stronger than "of the
-- same grid", which a redraw may break for a unit whose households straddle the new border).
ALTER TABLE household DROP CONSTRAINT IF EXISTS household_code_extends_grid;
ALTER TABLE household DROP CONSTRAINT IF EXISTS household_unit_in_grid;
ALTER TABLE household ADD CONSTRAINT household_code_in_village CHECK (left(code, 12) = left(grid_code, 12));
ALTER TABLE link_unit DROP CONSTRAINT IF EXISTS link_unit_code_extends_grid;
ALTER TABLE link_unit ADD CONSTRAINT link_unit_code_in_village CHECK (left(code, 12) = left(grid_code, 12));
ALTER TABLE link_unit DROP CONSTRAINT IF EXISTS link_unit_leader_in_unit;
ALTER TABLE link_unit DROP CONSTRAINT IF EXISTS link_unit_leader_fk;
CREATE UNIQUE INDEX household_unit_code_idx ON household (link_unit_code, code);
ALTER TABLE link_unit ADD CONSTRAINT link_unit_leader_in_unit
    FOREIGN KEY (code, leader_household_code) REFERENCES household (link_unit_code, code) DEFERRABLE INITIALLY DEFERRED;

-- What a redraw moved, for the administrator's review (who was re-assigned from which grid to which). Codes only: the
-- names stay behind the household card.
CREATE TABLE grid_reassignment (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    edited_at    timestamptz NOT NULL DEFAULT now(),
    village_code text NOT NULL REFERENCES village (code),
    action       text NOT NULL CHECK (action IN ('split', 'merge', 'move_border', 'create', 'retire')),
    item_kind    text NOT NULL CHECK (item_kind IN ('household', 'link_unit')),
    item_code    text NOT NULL,
    from_grid    text NOT NULL REFERENCES grid (code),
    to_grid      text NOT NULL REFERENCES grid (code),
    -- A household whose own position put it in another grid than its 十联户 unit's: a person should look at it.
    note         text,
    reviewed_at  timestamptz
);
CREATE INDEX grid_reassignment_village_idx ON grid_reassignment (village_code, edited_at DESC);
