-- A 20 m Mercator copy of every grid, for the lowest zoom grids are drawn at (11, ≈ 76 m per display pixel, so 20 m is a
-- quarter of a pixel and neighbours simplified one by one show no visible gap).
-- Why: a zoom-11 tile holds hundreds of grids (≈ 690 on the benchmark province) and its cost is mostly ST_AsMVTGeom and
-- encoding the 4 m copy's vertices; the 20 m copy has about half as many (11 vs 23 on average), which measured ≈ 25%
-- less PostgreSQL time per z11 tile (tests/bench/README.md). Generated like the copies of 0002: no trigger to forget.
ALTER TABLE grid
    ADD COLUMN geom_3857_low geometry(MultiPolygon, 3857)
        GENERATED ALWAYS AS (ST_Multi(ST_SimplifyPreserveTopology(ST_Transform(geom, 3857), 20))) STORED;
