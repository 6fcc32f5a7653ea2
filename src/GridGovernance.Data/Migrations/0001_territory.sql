-- Territory: county → township → village/community → grid → 十联户 unit → household, plus the people who serve grids.
-- Real division codes are the keys. The database itself refuses what breaks the hierarchy:
-- malformed codes, a code that does not extend its parent's, invalid or empty geometry, a child outside its parent.

CREATE EXTENSION IF NOT EXISTS postgis;

-- Geometry must be a valid, non-empty WGS-84 shape.
CREATE FUNCTION territory_geom_ok(g geometry) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT g IS NOT NULL AND NOT ST_IsEmpty(g) AND ST_IsValid(g) AND ST_SRID(g) = 4326 $$;

-- A child lies inside its parent when no more than 0.1% of its area falls outside: coordinates are stored at
-- 6 decimals (≈ 0.1 m), so shared edges may wander by rounding, never by design.
CREATE FUNCTION territory_area_inside(child geometry, parent geometry) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ST_CoveredBy(child, parent)
          OR ST_Area(ST_Difference(child, parent)) <= 0.001 * ST_Area(child) $$;

CREATE TABLE county (
    code  text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
    name  text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    geom  geometry(MultiPolygon, 4326) NOT NULL CHECK (territory_geom_ok(geom))
);

CREATE TABLE township (
    code         text PRIMARY KEY CHECK (code ~ '^[0-9]{9}$'),
    county_code  text NOT NULL REFERENCES county (code),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    geom         geometry(MultiPolygon, 4326) NOT NULL CHECK (territory_geom_ok(geom)),
    CONSTRAINT township_code_extends_county CHECK (left(code, 6) = county_code)
);
CREATE INDEX township_county_idx ON township (county_code);
CREATE INDEX township_geom_idx ON township USING gist (geom);

CREATE TABLE village (
    code           text PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
    township_code  text NOT NULL REFERENCES township (code),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- 001–199 居委会/社区, 2xx and above 村委会 (statistical code rules).
    kind           text GENERATED ALWAYS AS (CASE WHEN substr(code, 10, 3)::int < 200 THEN 'community' ELSE 'village' END) STORED,
    geom           geometry(MultiPolygon, 4326) NOT NULL CHECK (territory_geom_ok(geom)),
    CONSTRAINT village_code_extends_township CHECK (left(code, 9) = township_code)
);
CREATE INDEX village_township_idx ON village (township_code);
CREATE INDEX village_geom_idx ON village USING gist (geom);

CREATE TABLE grid (
    code          text PRIMARY KEY CHECK (code ~ '^[0-9]{12}[0-9]{3}$' AND right(code, 3) <> '000'),
    village_code  text NOT NULL REFERENCES village (code),
    name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- 综合网格 for residents, 专属网格 for a unit such as a school or a firm.
    kind          text NOT NULL DEFAULT 'comprehensive' CHECK (kind IN ('comprehensive', 'dedicated')),
    geom          geometry(MultiPolygon, 4326) NOT NULL CHECK (territory_geom_ok(geom)),
    CONSTRAINT grid_code_extends_village CHECK (left(code, 12) = village_code)
);
CREATE INDEX grid_village_idx ON grid (village_code);
CREATE INDEX grid_geom_idx ON grid USING gist (geom);

-- 十联户 unit: about ten neighbouring households of one grid with an elected 联户长 (a household of the unit).
-- Its point is where the unit gathers (the households' centre); its hull outlines them for the map.
CREATE TABLE link_unit (
    code                   text PRIMARY KEY CHECK (code ~ '^[0-9]{18}$'),
    grid_code              text NOT NULL REFERENCES grid (code),
    name                   text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    leader_household_code  text,
    geom                   geometry(Point, 4326) NOT NULL CHECK (territory_geom_ok(geom)),
    hull                   geometry(Polygon, 4326) CHECK (hull IS NULL OR territory_geom_ok(hull)),
    CONSTRAINT link_unit_code_extends_grid CHECK (left(code, 15) = grid_code)
);
CREATE INDEX link_unit_grid_idx ON link_unit (grid_code);
CREATE INDEX link_unit_geom_idx ON link_unit USING gist (geom);

-- Households (demo: fictitious people only). Contact phones are stored whole and shown masked.
CREATE TABLE household (
    code            text PRIMARY KEY CHECK (code ~ '^[0-9]{19}$'),
    grid_code       text NOT NULL REFERENCES grid (code),
    link_unit_code  text REFERENCES link_unit (code),
    head_name       text NOT NULL CHECK (length(head_name) BETWEEN 1 AND 50),
    members         smallint NOT NULL CHECK (members BETWEEN 1 AND 30),
    phone           text CHECK (phone ~ '^1[3-9][0-9]{9}$'),
    address         text CHECK (length(address) <= 200),
    geom            geometry(Point, 4326) NOT NULL CHECK (territory_geom_ok(geom)),
    CONSTRAINT household_code_extends_grid CHECK (left(code, 15) = grid_code),
    CONSTRAINT household_unit_in_grid CHECK (link_unit_code IS NULL OR left(link_unit_code, 15) = grid_code)
);
CREATE INDEX household_grid_idx ON household (grid_code);
CREATE INDEX household_link_unit_idx ON household (link_unit_code);
CREATE INDEX household_geom_idx ON household USING gist (geom);

-- The 联户长 must be a household of the unit; deferred so a unit and its households can arrive in one transaction.
ALTER TABLE link_unit ADD CONSTRAINT link_unit_leader_fk
    FOREIGN KEY (leader_household_code) REFERENCES household (code) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE link_unit ADD CONSTRAINT link_unit_leader_in_unit
    CHECK (leader_household_code IS NULL OR left(leader_household_code, 15) = grid_code);

-- People who serve a grid: 网格长 (grid head) and 网格员 (grid workers). 联户长 are households (link_unit.leader_household_code).
CREATE TABLE grid_staff (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    grid_code  text NOT NULL REFERENCES grid (code) ON DELETE CASCADE,
    role       text NOT NULL CHECK (role IN ('grid_head', 'grid_worker')),
    name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    phone      text NOT NULL CHECK (phone ~ '^1[3-9][0-9]{9}$')
);
CREATE INDEX grid_staff_grid_idx ON grid_staff (grid_code);

-- A child must lie inside its parent (checked on every write, so a bad update is refused as well as a bad import).
CREATE FUNCTION territory_child_inside_parent() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    parent geometry;
    parent_code text;
BEGIN
    CASE TG_TABLE_NAME
        WHEN 'township' THEN parent_code := NEW.county_code;   SELECT geom INTO parent FROM county   WHERE code = parent_code;
        WHEN 'village'  THEN parent_code := NEW.township_code; SELECT geom INTO parent FROM township WHERE code = parent_code;
        WHEN 'grid'     THEN parent_code := NEW.village_code;  SELECT geom INTO parent FROM village  WHERE code = parent_code;
    END CASE;
    IF parent IS NOT NULL AND NOT territory_area_inside(NEW.geom, parent) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = format('%s %s 的范围超出了上级 %s', TG_TABLE_NAME, NEW.code, parent_code),
            CONSTRAINT = TG_TABLE_NAME || '_inside_parent';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER township_inside_parent BEFORE INSERT OR UPDATE OF geom, county_code ON township
    FOR EACH ROW EXECUTE FUNCTION territory_child_inside_parent();
CREATE TRIGGER village_inside_parent BEFORE INSERT OR UPDATE OF geom, township_code ON village
    FOR EACH ROW EXECUTE FUNCTION territory_child_inside_parent();
CREATE TRIGGER grid_inside_parent BEFORE INSERT OR UPDATE OF geom, village_code ON grid
    FOR EACH ROW EXECUTE FUNCTION territory_child_inside_parent();

-- Bumped by every import: caches of territory-derived output (map tiles) key on it.
CREATE TABLE territory_revision (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    revision   bigint NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO territory_revision (revision) VALUES (1);
