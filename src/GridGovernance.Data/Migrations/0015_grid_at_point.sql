-- Which grid holds a point: ONE rule, used by /api/locate, the intake (API, resident) and the field report.
--
-- The grid that contains the point; on a border shared by two grids the lower code, so the answer is stable. A point in a
-- sliver between grids (digitised boundaries never meet exactly) that still lies inside a county goes to the nearest grid
-- within 0.003° (≈ 300 m) and is flagged (inside_grid = false): 属地兜底, ground without a clear owner falls to the
-- territorial grid. Outside every county, or farther from every grid: no row (the callers refuse it).
--
-- LANGUAGE sql, STABLE, not STRICT, one SELECT: PostgreSQL inlines it into the calling query, so /api/locate keeps its
-- plan (a GiST index scan for the containing grid; the KNN scan runs only when that found nothing) and its single
-- round trip.
CREATE FUNCTION grid_at_point(lng float8, lat float8)
RETURNS TABLE (grid_code text, inside_grid boolean)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS geom)
    (SELECT g.code, true FROM grid g, pt WHERE ST_Intersects(g.geom, pt.geom) ORDER BY g.code LIMIT 1)
    UNION ALL
    (SELECT g.code, false FROM grid g, pt
     WHERE ST_DWithin(g.geom, pt.geom, 0.003) AND EXISTS (SELECT 1 FROM county c WHERE ST_Intersects(c.geom, pt.geom))
     ORDER BY g.geom <-> pt.geom LIMIT 1)
    LIMIT 1
$$;

-- A case whose position lay in such a sliver was filed in the nearest grid by that rule; its pages say so. (Its position
-- lies outside its grid too, so position_outside_grid is set as well.)
ALTER TABLE case_file ADD COLUMN grid_by_nearest boolean NOT NULL DEFAULT false;
