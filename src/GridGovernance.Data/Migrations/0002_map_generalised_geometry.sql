-- Map support for vector tiles and labels.
-- Tiles are cut in Web Mercator (EPSG:3857). Transforming and simplifying every polygon on every tile request costs the
-- most at low zooms, where one tile covers many features, so each polygon level keeps ready-made Mercator copies:
--   geom_3857      exact, for zooms where a display pixel is a few metres or less;
--   geom_3857_mid  simplified to 4 m, at most a fifth of a display pixel up to zoom 13 (19 m per pixel);
--   geom_3857_low  simplified to 20 m, at most a seventh of a display pixel up to zoom 10 (153 m per pixel).
-- Tolerances stay well below a pixel, so neighbours simplified one by one show no visible gaps or overlaps.
-- label_point is where a name goes: the centre of the largest inscribed circle, always inside the shape (a centroid of a
-- crescent-shaped village may fall outside it).
-- Generated columns (all functions used are IMMUTABLE) follow every insert and update, whoever writes: no trigger to forget.
-- Point layers (十联户, households) are transformed per tile: a point costs next to nothing.

ALTER TABLE township
    ADD COLUMN geom_3857 geometry(MultiPolygon, 3857)
        GENERATED ALWAYS AS (ST_Multi(ST_Transform(geom, 3857))) STORED,
    ADD COLUMN geom_3857_mid geometry(MultiPolygon, 3857)
        GENERATED ALWAYS AS (ST_Multi(ST_SimplifyPreserveTopology(ST_Transform(geom, 3857), 4))) STORED,
    ADD COLUMN geom_3857_low geometry(MultiPolygon, 3857)
        GENERATED ALWAYS AS (ST_Multi(ST_SimplifyPreserveTopology(ST_Transform(geom, 3857), 20))) STORED,
    ADD COLUMN label_point geometry(Point, 4326)
        GENERATED ALWAYS AS ((ST_MaximumInscribedCircle(geom)).center) STORED;

ALTER TABLE village
    ADD COLUMN geom_3857 geometry(MultiPolygon, 3857)
        GENERATED ALWAYS AS (ST_Multi(ST_Transform(geom, 3857))) STORED,
    ADD COLUMN geom_3857_mid geometry(MultiPolygon, 3857)
        GENERATED ALWAYS AS (ST_Multi(ST_SimplifyPreserveTopology(ST_Transform(geom, 3857), 4))) STORED,
    ADD COLUMN geom_3857_low geometry(MultiPolygon, 3857)
        GENERATED ALWAYS AS (ST_Multi(ST_SimplifyPreserveTopology(ST_Transform(geom, 3857), 20))) STORED,
    ADD COLUMN label_point geometry(Point, 4326)
        GENERATED ALWAYS AS ((ST_MaximumInscribedCircle(geom)).center) STORED;

-- Grids are drawn from zoom 11 on, so they need no 20 m copy.
ALTER TABLE grid
    ADD COLUMN geom_3857 geometry(MultiPolygon, 3857)
        GENERATED ALWAYS AS (ST_Multi(ST_Transform(geom, 3857))) STORED,
    ADD COLUMN geom_3857_mid geometry(MultiPolygon, 3857)
        GENERATED ALWAYS AS (ST_Multi(ST_SimplifyPreserveTopology(ST_Transform(geom, 3857), 4))) STORED,
    ADD COLUMN label_point geometry(Point, 4326)
        GENERATED ALWAYS AS ((ST_MaximumInscribedCircle(geom)).center) STORED;

-- Tiles and labels select by the existing GiST indexes on geom (a Mercator tile is a longitude/latitude rectangle);
-- these serve the label look-ups, which select by label point.
CREATE INDEX township_label_point_idx ON township USING gist (label_point);
CREATE INDEX village_label_point_idx ON village USING gist (label_point);
CREATE INDEX grid_label_point_idx ON grid USING gist (label_point);
