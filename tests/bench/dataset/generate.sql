-- Province-scale synthetic territory for the benchmark (示意数据, every name and phone number fictitious).
-- Deterministic: every random choice is a hash of a code (hashtextextended) or a fixed ST_GeneratePoints seed, so the
-- same parameters give the same rows on every run.
--
--   psql -v ON_ERROR_STOP=1 -d BENCHDB -f generate.sql          (schema migrations 0001+ already applied, territory empty)
--
-- Parameters (psql -v NAME=VALUE), defaults in brackets:
--   county_cols [5], county_rows [4]      counties, each a 0.5° square before warping (≈ 50 × 55 km)
--   townships_per_county [16]             expected; Voronoi cells of a jittered lattice
--   villages_per_township [16]            expected
--   grids_per_village [20]                expected; 5 × 4 × 16 × 16 × 20 ≈ 102,000 grids
--   households_per_grid [10]              points inside each grid (ST_GeneratePoints); 0 for none
--   households_per_unit [5]               十联户 units per grid = households_per_grid / households_per_unit
--
-- How the shapes are made: counties are squares; each level below is the Voronoi diagram of a jittered lattice of seeds
-- inside its parent, clipped to the parent, so children tile their parent exactly and share their edges. Every edge is
-- cut into ≈ 40 m pieces (ST_Segmentize), then the whole plane is bent by one smooth invertible warp, so that borders
-- wander like real ones (≈ 200 m and ≈ 40 m waves) and carry a realistic number of vertices (a grid ≈ 60–100, a
-- county several thousand). Because one warp moves every shared vertex the same way, the tiling survives it.
-- Rows go in top-down through the real tables, so the schema's checks and inside-parent triggers run on every row.

\set ON_ERROR_STOP on
\if :{?county_cols} \else \set county_cols 5 \endif
\if :{?county_rows} \else \set county_rows 4 \endif
\if :{?townships_per_county} \else \set townships_per_county 16 \endif
\if :{?villages_per_township} \else \set villages_per_township 16 \endif
\if :{?grids_per_village} \else \set grids_per_village 20 \endif
\if :{?households_per_grid} \else \set households_per_grid 10 \endif
\if :{?households_per_unit} \else \set households_per_unit 5 \endif
\set origin_lng 110.0
\set origin_lat 24.5
\set county_size 0.5
\set segment 0.0004

SET client_min_messages = warning;
\timing on

DROP SCHEMA IF EXISTS benchgen CASCADE;
CREATE SCHEMA benchgen;

-- A uniform number in [0, 1) from a key.
CREATE FUNCTION benchgen.rnd(key text) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT (hashtextextended(key, 20240917) & 2147483647)::float8 / 2147483648.0 $$;

-- The warp: x' = x + f(y), y' = y + g(x), with |f'|·|g'| < 1, which makes it one-to-one (borders never cross).
CREATE FUNCTION benchgen.warp_point(p geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT ST_SetSRID(ST_MakePoint(
        round((ST_X(p) + 0.0020 * sin(ST_Y(p) * 104.72 + 0.7) + 0.0004 * sin(ST_Y(p) * 785.4 + 1.9))::numeric, 6)::float8,
        round((ST_Y(p) + 0.0018 * sin(ST_X(p) * 96.3 + 2.3) + 0.0004 * sin(ST_X(p) * 741.2 + 0.4))::numeric, 6)::float8), 4326)
$$;

-- Warps every vertex of a (multi)polygon, keeping parts and rings. Rounding to 6 decimals (as the importer stores them)
-- can fold a rare sub-decimetre sliver of a clipped cell onto itself; such a shape is repaired (ST_MakeValid), which
-- moves nothing visible.
CREATE FUNCTION benchgen.warp(g geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    WITH pts AS (
        SELECT (d).path[1] AS part, (d).path[2] AS ring, (d).path[3] AS idx, benchgen.warp_point((d).geom) AS pt
        FROM ST_DumpPoints(ST_Multi(g)) AS d
    ), rings AS (
        SELECT part, ring, ST_MakeLine(pt ORDER BY idx) AS line FROM pts GROUP BY part, ring
    ), polys AS (
        SELECT part,
               ST_MakePolygon(max(line) FILTER (WHERE ring = 1),
                              coalesce(array_agg(line ORDER BY ring) FILTER (WHERE ring > 1), '{}')) AS poly
        FROM rings GROUP BY part
    )
    SELECT CASE WHEN ST_IsValid(m) THEN m ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(m), 3)) END
    FROM (SELECT ST_Multi(ST_Collect(poly ORDER BY part)) AS m FROM polys) AS w
$$;

-- Children of one parent: Voronoi cells of a jittered lattice of ≈ n seeds inside it, clipped to it, edges segmentized.
-- Numbered from the north-west. A parent that holds fewer than two seeds keeps one child: itself.
CREATE FUNCTION benchgen.subdivide(code text, g geometry, n int, seg float8)
RETURNS TABLE (idx int, geom geometry)
LANGUAGE sql STABLE
AS $$
    WITH s AS (SELECT sqrt(ST_Area(g) / n) AS sp),
    seeds AS (
        SELECT ST_SetSRID(ST_MakePoint(
                   ST_XMin(g) + (i + 0.5 + 0.7 * (benchgen.rnd(code || '/' || i || '/' || j || '/x') - 0.5)) * s.sp,
                   ST_YMin(g) + (j + 0.5 + 0.7 * (benchgen.rnd(code || '/' || i || '/' || j || '/y') - 0.5)) * s.sp), 4326) AS pt
        FROM s,
             generate_series(0, floor((ST_XMax(g) - ST_XMin(g)) / s.sp)::int) AS i,
             generate_series(0, floor((ST_YMax(g) - ST_YMin(g)) / s.sp)::int) AS j
    ),
    inside AS (SELECT pt FROM seeds WHERE ST_Intersects(pt, g)),
    cells AS (
        SELECT (ST_Dump(ST_VoronoiPolygons(ST_Collect(pt), 0, ST_Envelope(g)))).geom AS cell
        FROM inside HAVING count(*) >= 2
    )
    SELECT row_number() OVER (ORDER BY ST_Y(i.pt) DESC, ST_X(i.pt))::int,
           ST_Multi(ST_Segmentize(ST_CollectionExtract(ST_Intersection(c.cell, g), 3), seg))
    FROM cells c JOIN inside i ON ST_Intersects(c.cell, i.pt)
    UNION ALL
    SELECT 1, ST_Multi(g) WHERE (SELECT count(*) FROM inside) < 2
$$;

-- Fictitious names.
CREATE FUNCTION benchgen.pick(items text[], key text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT items[1 + floor(benchgen.rnd(key) * array_length(items, 1))::int] $$;

CREATE FUNCTION benchgen.place_name(key text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT benchgen.pick('{青,石,桃,柳,枫,松,竹,梅,兰,云,溪,泉,河,湖,山,岭,坪,塘,湾,岗,田,桥,水,林,花,龙,凤,金,银,安,和,兴,新,长,平,高,东,西,南,北}', key || 'a')
              || benchgen.pick('{源,口,头,坪,塘,冲,湾,岭,溪,坝,桥,洲,园,庄,铺,市,埠,田,岗,寨,坡,峪,沟,滩,台,亭,陂,垅,塅,圩}', key || 'b') $$;

CREATE FUNCTION benchgen.person_name(key text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT benchgen.pick('{王,李,张,刘,陈,杨,黄,赵,吴,周,徐,孙,马,朱,胡,郭,何,高,林,罗,郑,梁,谢,宋,唐,许,韩,冯,邓,曹,彭,曾,肖,田,董,潘,袁,蔡,蒋,余}', key || 's')
              || benchgen.pick('{建,国,志,明,秀,英,华,文,丽,芳,军,平,强,伟,敏,静,洁,燕,玲,桂,红,海,春,兰,霞,德,福,林,永,金}', key || 'g')
              || CASE WHEN benchgen.rnd(key || 'n') < 0.6
                      THEN benchgen.pick('{民,华,平,珍,英,芳,军,辉,勇,杰,娟,霞,明,生,成,荣,清,梅,琴,云}', key || 'h') ELSE '' END $$;

CREATE FUNCTION benchgen.phone(key text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT '1' || (3 + floor(benchgen.rnd(key || 'p') * 7))::int
              || lpad(floor(benchgen.rnd(key || 'q') * 1000000000)::bigint::text, 9, '0') $$;

-- ---------------------------------------------------------------------------------------------------------------------
-- Unwarped shapes, level by level.
CREATE UNLOGGED TABLE benchgen.county AS
SELECT '43' || lpad((r + 1)::text, 2, '0') || lpad((c + 1)::text, 2, '0') AS code, r, c,
       ST_Multi(ST_Segmentize(ST_MakeEnvelope(:origin_lng + c * :county_size, :origin_lat + r * :county_size,
                                              :origin_lng + (c + 1) * :county_size, :origin_lat + (r + 1) * :county_size, 4326),
                              :segment)) AS g
FROM generate_series(0, :county_rows - 1) AS r, generate_series(0, :county_cols - 1) AS c;

CREATE UNLOGGED TABLE benchgen.township AS
SELECT p.code || lpad((100 + s.idx)::text, 3, '0') AS code, p.code AS parent, s.geom AS g
FROM benchgen.county p, benchgen.subdivide(p.code, p.g, :townships_per_county, :segment) s;

CREATE UNLOGGED TABLE benchgen.village AS
SELECT p.code || lpad((199 + s.idx)::text, 3, '0') AS code, p.code AS parent, s.geom AS g
FROM benchgen.township p, benchgen.subdivide(p.code, p.g, :villages_per_township, :segment) s;

CREATE UNLOGGED TABLE benchgen.grid AS
SELECT p.code || lpad(s.idx::text, 3, '0') AS code, p.code AS parent, s.geom AS g
FROM benchgen.village p, benchgen.subdivide(p.code, p.g, :grids_per_village, :segment) s;

SELECT (SELECT count(*) FROM benchgen.county) AS counties, (SELECT count(*) FROM benchgen.township) AS townships,
       (SELECT count(*) FROM benchgen.village) AS villages, (SELECT count(*) FROM benchgen.grid) AS grids;

-- ---------------------------------------------------------------------------------------------------------------------
-- Warped, into the real tables, top-down (the inside-parent triggers check every row).
INSERT INTO county (code, name, geom)
SELECT code, benchgen.place_name(code) || '县', benchgen.warp(g) FROM benchgen.county ORDER BY code;

INSERT INTO township (code, county_code, name, geom)
SELECT code, parent, benchgen.place_name(code) || '镇', benchgen.warp(g) FROM benchgen.township ORDER BY code;

INSERT INTO village (code, township_code, name, geom)
SELECT code, parent, benchgen.place_name(code) || '村', benchgen.warp(g) FROM benchgen.village ORDER BY code;

INSERT INTO grid (code, village_code, name, kind, geom)
SELECT code, parent, '第' || right(code, 3)::int || '网格',
       CASE WHEN benchgen.rnd(code || 'kind') < 0.03 THEN 'dedicated' ELSE 'comprehensive' END,
       benchgen.warp(g)
FROM benchgen.grid ORDER BY code;

-- One 网格长 and one or two 网格员 per grid.
INSERT INTO grid_staff (grid_code, role, name, phone)
SELECT g.code, CASE WHEN n = 0 THEN 'grid_head' ELSE 'grid_worker' END,
       benchgen.person_name(g.code || 'staff' || n), benchgen.phone(g.code || 'staff' || n)
FROM grid g, generate_series(0, 2) AS n
WHERE n < 2 OR benchgen.rnd(g.code || 'third') < 0.5
ORDER BY g.code, n;

-- Households (random points inside each grid) and 十联户 units of households_per_unit neighbours, in one transaction:
-- a unit's 联户长 is one of its households (deferred foreign key).
BEGIN;
CREATE UNLOGGED TABLE benchgen.household AS
SELECT g.code AS grid_code, d.path[1] AS n, d.geom
FROM grid g, ST_Dump(ST_GeneratePoints(g.geom, :households_per_grid, 1 + abs(hashtext(g.code)))) AS d
WHERE :households_per_grid > 0;

-- Units: households numbered along x within a grid, cut into runs (so a unit's households are neighbours).
CREATE UNLOGGED TABLE benchgen.household_unit AS
SELECT grid_code, n, geom,
       1 + (row_number() OVER (PARTITION BY grid_code ORDER BY ST_X(geom), ST_Y(geom)) - 1) / :households_per_unit AS unit
FROM benchgen.household;

INSERT INTO link_unit (code, grid_code, name, leader_household_code, geom, hull)
SELECT grid_code || lpad(unit::text, 3, '0'), grid_code, '第' || unit || '联户',
       grid_code || lpad(min(n)::text, 4, '0'),
       ST_Centroid(ST_Collect(geom)),
       CASE WHEN ST_GeometryType(ST_ConvexHull(ST_Collect(geom))) = 'ST_Polygon' THEN ST_ConvexHull(ST_Collect(geom)) END
FROM benchgen.household_unit GROUP BY grid_code, unit ORDER BY 1;

INSERT INTO household (code, grid_code, link_unit_code, head_name, members, phone, address, geom)
SELECT grid_code || lpad(n::text, 4, '0'), grid_code, grid_code || lpad(unit::text, 3, '0'),
       benchgen.person_name(grid_code || 'h' || n), 1 + floor(benchgen.rnd(grid_code || 'm' || n) * 6)::int,
       benchgen.phone(grid_code || 'h' || n), '第' || right(grid_code, 3)::int || '网格' || n || '号', geom
FROM benchgen.household_unit ORDER BY 1;
COMMIT;

UPDATE territory_revision SET revision = revision + 1, changed_at = now();

-- Checks: children tile their parents (areas add up), and counts.
SELECT 'tiling' AS check, level, count(*) FILTER (WHERE abs(child_area - parent_area) > 1e-4 * parent_area) AS parents_not_tiled
FROM (
    SELECT 'county→township' AS level, c.code, ST_Area(c.geom) AS parent_area, sum(ST_Area(t.geom)) AS child_area
    FROM county c JOIN township t ON t.county_code = c.code GROUP BY c.code, c.geom
    UNION ALL
    SELECT 'township→village', t.code, ST_Area(t.geom), sum(ST_Area(v.geom))
    FROM township t JOIN village v ON v.township_code = t.code GROUP BY t.code, t.geom
    UNION ALL
    SELECT 'village→grid', v.code, ST_Area(v.geom), sum(ST_Area(g.geom))
    FROM village v JOIN grid g ON g.village_code = v.code GROUP BY v.code, v.geom
) a GROUP BY level ORDER BY level;

DROP SCHEMA benchgen CASCADE;
\timing off
