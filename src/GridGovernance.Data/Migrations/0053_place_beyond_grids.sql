-- A readable place for a point that place_description() (0033) cannot name because no grid is near it: a whistle's meeting
-- point on a county road between villages, at a reservoir dam, at a crossroads just over the county line. Named after the
-- nearest village (within 20 km): "泗城镇那湾村东北方向约 1.2 公里 · 网格外", or "泗城镇那湾村内 · 网格外" for a gap inside
-- a village. Beyond 20 km: NULL (the caller shows coordinates). A separate function, not a change of place_description(): its
-- NULL outside the grids is what the report forms read as "outside the county".
--
-- The direction is from the village's nearest edge to the point, in eight sectors; the distance is rounded to 10 m below
-- 1 km and to 0.1 km above. KNN on village_geom_idx: cheap enough per panel.
CREATE FUNCTION place_beyond_grids(p geometry)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN ST_Intersects(v.geom, p) THEN t.name || v.name || '内 · 网格外'
        ELSE t.name || v.name
             || (ARRAY['北', '东北', '东', '东南', '南', '西南', '西', '西北'])[
                    (floor((degrees(ST_Azimuth(ST_ClosestPoint(v.geom, p), p)) + 22.5) / 45)::int % 8) + 1]
             || '方向约 '
             || CASE WHEN d.metres < 1000 THEN (round(d.metres / 10) * 10)::int::text || ' 米'
                     ELSE to_char(round((d.metres / 1000)::numeric, 1), 'FM999990.0') || ' 公里' END
             || ' · 网格外'
    END
    FROM (SELECT vv.township_code, vv.name, vv.geom FROM village vv ORDER BY vv.geom <-> p LIMIT 1) v
    JOIN township t ON t.code = v.township_code
    CROSS JOIN LATERAL (SELECT ST_Distance(v.geom::geography, p::geography) AS metres) d
    WHERE d.metres <= 20000
$$;
