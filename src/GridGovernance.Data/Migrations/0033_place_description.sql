-- A readable place for a point, from our own data: ONE rule, used by every case page (resident, field, console, inbox) and
-- by the report forms' map pin, so a person reads "沿河路47号附近 · 解放社区第1网格 · 泗城镇解放社区居委会" instead of raw
-- coordinates.
--
-- The territory has no road or hamlet layer of its own, but every household carries its door address (road or 屯 + number,
-- households.csv): the nearest household within ≈ 120 m names the place ("…号" when the point is at its door, within
-- ≈ 15 m, else "…号附近"). Then the grid that holds the point (grid_at_point: the containing grid, or the nearest one in a
-- sliver, which the text calls "附近") and its township and village. Outside every county: NULL (the callers show that the
-- position is outside the county). No names or phones: an address is a place, not a person.
--
-- STABLE and one SELECT: the KNN scan on household_geom_idx and the grid look-up are index scans, cheap enough to run per
-- case page (and per drag of the pin).
CREATE FUNCTION place_description(p geometry)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN g.code IS NULL THEN NULL ELSE
        concat_ws(' · ',
            (SELECT CASE WHEN ST_DWithin(h.geom, p, 0.00015) THEN h.address ELSE h.address || '附近' END
             FROM household h
             WHERE h.address IS NOT NULL AND h.address <> '' AND ST_DWithin(h.geom, p, 0.0012)
             ORDER BY h.geom <-> p LIMIT 1),
            g.name || CASE WHEN at.inside_grid THEN '' ELSE '附近' END,
            t.name || v.name)
    END
    FROM (SELECT 1) one
    LEFT JOIN LATERAL grid_at_point(ST_X(p), ST_Y(p)) at ON true
    LEFT JOIN grid g ON g.code = at.grid_code
    LEFT JOIN village v ON v.code = g.village_code
    LEFT JOIN township t ON t.code = v.township_code
$$;
