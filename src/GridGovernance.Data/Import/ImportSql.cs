namespace GridGovernance.Data.Import;

/// <summary>
/// The importer's SQL. Levels are code lengths: 6 county, 9 township, 12 village, 15 grid, 18 十联户 unit.
/// A feature's parent is always the level three digits up.
/// </summary>
internal static class ImportSql
{
    public const string CreateStaging = """
        CREATE TEMP TABLE stage_feature (
            file text, ordinal int, level int, code text, name text, parent text, kind text, leader text,
            geojson text, geom geometry, usable boolean) ON COMMIT DROP;
        CREATE TEMP TABLE stage_household (
            line int, code text, grid_code text, link_unit_code text, head_name text, members smallint,
            phone text, address text, lng float8, lat float8, geom geometry) ON COMMIT DROP;
        CREATE TEMP TABLE stage_staff (line int, grid_code text, role text, name text, phone text) ON COMMIT DROP;

        -- ST_GeomFromGeoJSON raises on malformed input; here a bad feature becomes NULL and is reported with its code.
        CREATE OR REPLACE FUNCTION pg_temp.gridgov_try_geojson(j text) RETURNS geometry LANGUAGE plpgsql AS $$
        BEGIN
            RETURN ST_SetSRID(ST_GeomFromGeoJSON(j), 4326);
        EXCEPTION WHEN OTHERS THEN
            RETURN NULL;
        END $$;
        """;

    public const string PrepareStaged = """
        UPDATE stage_feature SET geom = pg_temp.gridgov_try_geojson(geojson);
        UPDATE stage_feature SET geom = ST_Multi(geom) WHERE level < 18 AND GeometryType(geom) = 'POLYGON';
        UPDATE stage_feature SET usable = geom IS NOT NULL AND NOT ST_IsEmpty(geom) AND ST_IsValid(geom)
            AND CASE WHEN level = 18 THEN GeometryType(geom) = 'POINT' ELSE GeometryType(geom) = 'MULTIPOLYGON' END;
        UPDATE stage_household SET geom = ST_SetSRID(ST_MakePoint(lng, lat), 4326);
        CREATE INDEX ON stage_feature (code);
        CREATE INDEX ON stage_feature USING gist (geom) WHERE usable;
        CREATE INDEX ON stage_household (code);
        CREATE INDEX ON stage_household (link_unit_code);
        ANALYZE stage_feature;
        ANALYZE stage_household;
        """;

    /// <summary>Every rule, as one list of (file, code, message, total) ordered for a person to read top-down.</summary>
    public const string Checks = """
        WITH existing AS (
            SELECT 6 AS level, code, geom FROM county
            UNION ALL SELECT 9, code, geom FROM township
            UNION ALL SELECT 12, code, geom FROM village
            UNION ALL SELECT 15, code, geom FROM grid
        ),
        area AS MATERIALIZED (
            SELECT level, code, geom, true AS staged FROM stage_feature WHERE usable AND level < 18
            UNION ALL
            SELECT level, code, geom, false FROM existing e WHERE NOT EXISTS (SELECT 1 FROM stage_feature s WHERE s.code = e.code)
        ),
        grid_cover AS (
            SELECT left(code, 12) AS village_code, ST_Union(geom) AS geom, bool_or(staged) AS staged
            FROM area WHERE level = 15 GROUP BY 1
        ),
        problems AS (
            SELECT file, code, CASE
                    WHEN geom IS NULL THEN '几何图形无法解析（不是有效的 GeoJSON 几何）'
                    WHEN ST_IsEmpty(geom) THEN '几何图形为空'
                    WHEN level = 18 AND GeometryType(geom) <> 'POINT' THEN '十联户应为点（Point），实际为 ' || GeometryType(geom)
                    WHEN level < 18 AND GeometryType(geom) <> 'MULTIPOLYGON' THEN '应为面（Polygon 或 MultiPolygon），实际为 ' || GeometryType(geom)
                    ELSE '几何图形无效：' || ST_IsValidReason(geom)
                END AS message, 1 AS kind, ordinal AS n
            FROM stage_feature WHERE NOT usable

            UNION ALL
            SELECT s.file, s.code, '编码已存在于数据库中（重复导入？）', 2, s.ordinal
            FROM stage_feature s WHERE EXISTS (SELECT 1 FROM existing e WHERE e.code = s.code)
                OR EXISTS (SELECT 1 FROM link_unit l WHERE l.code = s.code)
            UNION ALL
            SELECT 'households.csv', h.code, format('第 %s 行：编码已存在于数据库中（重复导入？）', h.line), 2, h.line
            FROM stage_household h JOIN household x ON x.code = h.code

            UNION ALL
            SELECT s.file, s.code, format('上级编码 %s 不存在', s.parent), 3, s.ordinal
            FROM stage_feature s
            WHERE s.level > 6
              AND NOT EXISTS (SELECT 1 FROM stage_feature p WHERE p.code = s.parent AND p.level = s.level - 3)
              AND NOT EXISTS (SELECT 1 FROM existing e WHERE e.code = s.parent)

            UNION ALL
            SELECT s.file, s.code,
                   format('超出上级 %s 的范围：%s%% 的面积在上级之外', p.code,
                          round((100 * ST_Area(ST_Difference(s.geom, p.geom)) / ST_Area(s.geom))::numeric, 2)), 4, s.ordinal
            FROM stage_feature s JOIN area p ON p.code = s.parent
            WHERE s.usable AND s.level < 18 AND NOT territory_area_inside(s.geom, p.geom)
            UNION ALL
            SELECT s.file, s.code, format('十联户位置不在所属网格 %s 内', p.code), 4, s.ordinal
            FROM stage_feature s JOIN area p ON p.code = s.parent
            WHERE s.usable AND s.level = 18 AND NOT ST_DWithin(s.geom, p.geom, 0.00001)

            UNION ALL
            SELECT a.file, a.code,
                   format('与同级 %s 重叠，重叠面积约 %s 平方米', b.code, round(ST_Area(ST_Intersection(a.geom, b.geom)::geography)::numeric)),
                   5, a.ordinal
            FROM stage_feature a
            JOIN area b ON b.level = a.level AND b.code <> a.code AND left(b.code, a.level - 3) = a.parent AND a.geom && b.geom
            WHERE a.usable AND a.level BETWEEN 9 AND 15 AND (NOT b.staged OR a.code < b.code)
              AND ST_Relate(a.geom, b.geom, '2********')
              AND ST_Area(ST_Intersection(a.geom, b.geom)) > 0.001 * least(ST_Area(a.geom), ST_Area(b.geom))

            UNION ALL
            SELECT 'grids.geojson', v.code,
                   CASE WHEN c.geom IS NULL THEN '本村（社区）没有任何网格：网格应覆盖全村'
                        ELSE format('本村（社区）的网格未覆盖 %s%% 的面积：网格应无缝覆盖全村',
                                    round((100 * (1 - ST_Area(ST_Intersection(v.geom, c.geom)) / ST_Area(v.geom)))::numeric, 2)) END,
                   6, 0
            FROM area v LEFT JOIN grid_cover c ON c.village_code = v.code
            WHERE v.level = 12 AND (v.staged OR c.staged)
              AND (c.geom IS NULL OR ST_Area(ST_Intersection(v.geom, c.geom)) < 0.999 * ST_Area(v.geom))

            UNION ALL
            SELECT 'households.csv', h.code, format('第 %s 行：所属网格 %s 不存在', h.line, h.grid_code), 7, h.line
            FROM stage_household h WHERE NOT EXISTS (SELECT 1 FROM area g WHERE g.level = 15 AND g.code = h.grid_code)
            UNION ALL
            SELECT 'households.csv', h.code, format('第 %s 行：位置不在所属网格 %s 内', h.line, h.grid_code), 7, h.line
            FROM stage_household h JOIN area g ON g.level = 15 AND g.code = h.grid_code
            WHERE NOT ST_DWithin(h.geom, g.geom, 0.00001)
            UNION ALL
            SELECT 'households.csv', h.code, format('第 %s 行：所属十联户 %s 不存在', h.line, h.link_unit_code), 7, h.line
            FROM stage_household h
            WHERE h.link_unit_code IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM stage_feature u WHERE u.level = 18 AND u.code = h.link_unit_code)
              AND NOT EXISTS (SELECT 1 FROM link_unit l WHERE l.code = h.link_unit_code)

            UNION ALL
            SELECT u.file, u.code,
                   CASE WHEN u.leader IS NULL THEN '缺少联户长（leader）'
                        ELSE format('联户长住户 %s 不是本十联户的住户', u.leader) END, 8, u.ordinal
            FROM stage_feature u
            WHERE u.level = 18
              AND (u.leader IS NULL OR NOT EXISTS (SELECT 1 FROM stage_household h WHERE h.code = u.leader AND h.link_unit_code = u.code))

            UNION ALL
            SELECT 'grid-staff.csv', s.grid_code, format('第 %s 行：网格 %s 不存在', s.line, s.grid_code), 9, s.line
            FROM stage_staff s WHERE NOT EXISTS (SELECT 1 FROM area g WHERE g.level = 15 AND g.code = s.grid_code)
        )
        SELECT file, code, message, count(*) OVER () AS total
        FROM problems
        ORDER BY kind, file, n, code
        LIMIT @limit
        """;

    public const string WriteTerritory = """
        INSERT INTO county (code, name, geom)
            SELECT code, name, geom FROM stage_feature WHERE level = 6 ORDER BY code;
        INSERT INTO township (code, county_code, name, geom)
            SELECT code, parent, name, geom FROM stage_feature WHERE level = 9 ORDER BY code;
        INSERT INTO village (code, township_code, name, geom)
            SELECT code, parent, name, geom FROM stage_feature WHERE level = 12 ORDER BY code;
        INSERT INTO grid (code, village_code, name, kind, geom)
            SELECT code, parent, name, coalesce(kind, 'comprehensive'), geom FROM stage_feature WHERE level = 15 ORDER BY code;
        INSERT INTO link_unit (code, grid_code, name, leader_household_code, geom)
            SELECT code, parent, name, leader, geom FROM stage_feature WHERE level = 18 ORDER BY code;
        INSERT INTO household (code, grid_code, link_unit_code, head_name, members, phone, address, geom)
            SELECT code, grid_code, link_unit_code, head_name, members, phone, address, geom FROM stage_household ORDER BY code;
        -- A unit's outline for the map: its households' hull, widened by 12 m so one or two houses still make an area.
        UPDATE link_unit u SET hull = h.hull
        FROM (SELECT link_unit_code,
                     ST_Buffer(ST_ConvexHull(ST_Collect(geom))::geography, 12, 'quad_segs=4')::geometry AS hull
              FROM stage_household WHERE link_unit_code IS NOT NULL GROUP BY link_unit_code) h
        WHERE u.code = h.link_unit_code;
        INSERT INTO grid_staff (grid_code, role, name, phone)
            SELECT grid_code, role, name, phone FROM stage_staff ORDER BY line;
        UPDATE territory_revision SET revision = revision + 1, changed_at = now();
        """;
}
