-- Departments (部门), their units (单位: a county bureau, a 派出所, a company's county branch) and routing rules
-- (小类 → responsible departments), after FixMyStreet's body / body_area / contact model, resolved in PostGIS.
--
-- A department is a line of responsibility shared by every county (城管, 公安 …), like the classification it answers to;
-- a unit is that department's body in one county, optionally with a jurisdiction polygon (each 派出所's area).
-- Migrations run before any territory is imported, so units cannot be seeded here: department_units_sync(county) creates
-- them from the county's own townships, and a trigger on township runs it whenever townships are imported or redrawn
-- (every import path — app, CLI, tests — gets units in the import's own transaction, with no extra call to forget).

CREATE TABLE department (
    code                text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(code) <= 30),
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),          -- 城市管理综合执法局
    short_name          text NOT NULL CHECK (length(short_name) BETWEEN 1 AND 20),    -- 城管
    -- government: a county bureau; company: a utility (供电, 供水, 燃气); territorial: the township itself (属地).
    kind                text NOT NULL CHECK (kind IN ('government', 'company', 'territorial')),
    -- The county-wide unit's name after the county's name (凌云县 + 公安局); NULL: no county-wide unit.
    county_unit_name    text CHECK (length(county_unit_name) BETWEEN 1 AND 50),
    -- One unit per township, named by this pattern: {county} 凌云县, {township} 泗城镇, {place} 泗城 (the township's name
    -- without 镇/乡/街道 and an ethnic qualifier such as 瑶族). NULL: no township units.
    township_unit_name  text CHECK (length(township_unit_name) BETWEEN 1 AND 60),
    sort_order          integer NOT NULL DEFAULT 0,
    active              boolean NOT NULL DEFAULT true,
    CONSTRAINT department_has_some_unit CHECK (county_unit_name IS NOT NULL OR township_unit_name IS NOT NULL)
);

-- A unit's code is the code of the territory it serves (county 6 digits or township 9), a hyphen and a slug:
-- '451027-chengguan', '451027100-police'. So "units of county C" is starts_with(code, C), like every territory code.
CREATE TABLE department_unit (
    code             text PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3})?-[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(code) <= 50),
    department_code  text NOT NULL REFERENCES department (code),
    county_code      text NOT NULL REFERENCES county (code),
    -- Set for units created per township by department_units_sync; their jurisdiction follows that township.
    township_code    text REFERENCES township (code) ON DELETE SET NULL,
    name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    -- The unit's office or duty phone (never a person's mobile); NULL until the county enters it: a demo must not invent
    -- numbers that may belong to real offices.
    phone            text CHECK (phone ~ '^[0-9][0-9-]{4,19}$'),
    -- Where the unit is responsible; NULL means county-wide. A point inside several units' areas of one department goes
    -- to the smallest area (a 景区派出所 inside a township's station's area), then the lowest code.
    jurisdiction     geometry(MultiPolygon, 4326) CHECK (jurisdiction IS NULL OR territory_geom_ok(jurisdiction)),
    jurisdiction_area double precision GENERATED ALWAYS AS (ST_Area(jurisdiction)) STORED,
    active           boolean NOT NULL DEFAULT true,
    CONSTRAINT department_unit_code_in_county CHECK (left(code, 6) = county_code),
    CONSTRAINT department_unit_township_in_county CHECK (township_code IS NULL OR left(township_code, 6) = county_code)
);
CREATE INDEX department_unit_department_idx ON department_unit (department_code, county_code);
CREATE INDEX department_unit_jurisdiction_idx ON department_unit USING gist (jurisdiction);

-- Who answers for a 小类. A rule names a 小类 (category_code), or only a 大类 (kind + major_code) or only a kind: the most
-- specific level that has active rules wins, so the 大类 and kind rules are fallbacks for 小类 added later.
-- party says whose responsibility it is: owner (属主: the facility's owner or the competent department) or territory
-- (属地: whoever answers for the place). The order of the parties comes from the case's kind (部件: owner first, then
-- territory; 事件: territory first — the domain's ResponsibilityOrder), then priority within a party.
CREATE TABLE routing_rule (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             char(1) NOT NULL CHECK (kind IN ('E', 'C')),
    major_code       text CHECK (major_code ~ '^[0-9]{2}$' AND major_code <> '00'),
    category_code    text REFERENCES case_category (code),
    department_code  text NOT NULL REFERENCES department (code),
    party            text NOT NULL CHECK (party IN ('owner', 'territory')),
    priority         smallint NOT NULL DEFAULT 1 CHECK (priority BETWEEN 1 AND 99),
    active           boolean NOT NULL DEFAULT true,
    CONSTRAINT routing_rule_category_fits CHECK (category_code IS NULL
        OR (major_code IS NOT NULL AND kind = left(category_code, 1) AND major_code = substr(category_code, 2, 2))),
    CONSTRAINT routing_rule_once_per_department UNIQUE NULLS NOT DISTINCT (kind, major_code, category_code, department_code)
);
CREATE INDEX routing_rule_category_idx ON routing_rule (kind, major_code, category_code);

-- The departments of a county in 广西 (names as a county government lists them). In a county of 凌云's size 城管 also runs
-- 环卫, 园林绿化 and the street lamps, and 住建 runs the drains; 公安 has a 派出所 per township and a county 指挥中心.
INSERT INTO department (code, name, short_name, kind, county_unit_name, township_unit_name, sort_order) VALUES
('township',       '乡镇人民政府（街道办事处）', '属地乡镇',   'territorial', NULL,                     '{township}人民政府',        10),
('chengguan',      '城市管理综合执法局',         '城管',       'government',  '城市管理综合执法局',     NULL,                        20),
('zhujian',        '住房和城乡建设局',           '住建',       'government',  '住房和城乡建设局',       NULL,                        30),
('jiaotong',       '交通运输局',                 '交通运输',   'government',  '交通运输局',             NULL,                        40),
('shuili',         '水利局',                     '水利',       'government',  '水利局',                 NULL,                        50),
('ziranziyuan',    '自然资源局',                 '自然资源',   'government',  '自然资源局',             NULL,                        60),
('shengtai',       '生态环境局',                 '生态环境',   'government',  '生态环境局',             NULL,                        70),
('nongye',         '农业农村局',                 '农业农村',   'government',  '农业农村局',             NULL,                        80),
('weijian',        '卫生健康局',                 '卫健',       'government',  '卫生健康局',             NULL,                        90),
('shichang',       '市场监督管理局',             '市场监管',   'government',  '市场监督管理局',         NULL,                       100),
('yingji',         '应急管理局',                 '应急管理',   'government',  '应急管理局',             NULL,                       110),
('police',         '公安局',                     '公安',       'government',  '公安局指挥中心',         '{county}公安局{place}派出所', 120),
('traffic-police', '公安局交通管理大队',         '公安交管',   'government',  '公安局交通管理大队',     NULL,                       130),
('fire',           '消防救援大队',               '消防救援',   'government',  '消防救援大队',           NULL,                       140),
('renshe',         '人力资源和社会保障局',       '人社',       'government',  '人力资源和社会保障局',   NULL,                       150),
('sifa',           '司法局',                     '司法',       'government',  '司法局',                 '{county}司法局{place}司法所', 160),
('power',          '供电公司',                   '供电',       'company',     '供电公司',               NULL,                       170),
('water',          '供水公司',                   '供水',       'company',     '供水公司',               NULL,                       180),
('gas',            '燃气公司',                   '燃气',       'company',     '燃气公司',               NULL,                       190);

-- Rules for the 30 小类 of 0005, following each one's responsible_party. Every 小类 also has its township as the
-- territorial party: DOMAIN §3 orders owner and territory for both kinds, and ground without a clear owner falls to the
-- territory (属地兜底). 治安隐患 is the exception that proves the rule: the 派出所 is itself a territorial body (its
-- 辖区), so it is the first territorial party and the township the second.
INSERT INTO routing_rule (kind, major_code, category_code, department_code, party, priority)
SELECT left(r.category, 1), substr(r.category, 2, 2), r.category, r.department, r.party, r.priority
FROM (VALUES
    -- 部件 (owner first, then territory)
    ('C0101', 'water',          'owner', 1), ('C0101', 'zhujian',   'owner', 2), ('C0101', 'power', 'owner', 3),
    ('C0101', 'gas',            'owner', 4),                                     -- 井盖: 供水、排水、电力、燃气…
    ('C0102', 'chengguan',      'owner', 1), ('C0102', 'power',     'owner', 2), -- 路灯: 路灯管理所 (城管), 供电
    ('C0103', 'fire',           'owner', 1), ('C0103', 'water',     'owner', 2), -- 消防栓
    ('C0201', 'jiaotong',       'owner', 1), ('C0201', 'traffic-police', 'owner', 2), -- 交通标志牌
    ('C0202', 'jiaotong',       'owner', 1), ('C0202', 'zhujian',   'owner', 2), -- 护栏: 公路 (交通), 城区道路 (住建)
    ('C0301', 'chengguan',      'owner', 1),                                     -- 垃圾箱: 环卫
    ('C0302', 'chengguan',      'owner', 1),                                     -- 公厕: 环卫
    ('C0401', 'chengguan',      'owner', 1),                                     -- 行道树: 园林绿化
    ('C0402', 'chengguan',      'owner', 1),                                     -- 绿地
    ('C0501', 'zhujian',        'owner', 1),                                     -- 危房
    -- C0601 其他设施: the owner is unknown until someone looks, so only the territory answers.
    -- 事件 (territory first, then owner)
    ('E0101', 'chengguan',      'owner', 1), ('E0101', 'ziranziyuan', 'owner', 2), -- 私搭乱建: 综合执法; 农村用地: 自然资源
    ('E0102', 'chengguan',      'owner', 1),                                     -- 暴露垃圾: 环卫
    ('E0103', 'zhujian',        'owner', 1), ('E0103', 'chengguan', 'owner', 2), -- 积存渣土
    ('E0104', 'chengguan',      'owner', 1),                                     -- 道路不洁: 环卫
    ('E0105', 'chengguan',      'owner', 1),                                     -- 道路保洁: 环卫、保洁单位
    ('E0201', 'chengguan',      'owner', 1),                                     -- 小广告: 综合执法
    ('E0301', 'zhujian',        'owner', 1), ('E0301', 'shengtai',  'owner', 2), -- 施工扰民
    ('E0302', 'zhujian',        'owner', 1), ('E0302', 'shengtai',  'owner', 2), -- 施工扬尘
    ('E0401', 'water',          'owner', 1), ('E0401', 'zhujian',   'owner', 2), ('E0401', 'gas', 'owner', 3), -- 管道破裂
    ('E0402', 'jiaotong',       'owner', 1), ('E0402', 'zhujian',   'owner', 2), -- 路面塌陷: 道路管理单位
    ('E0403', 'zhujian',        'owner', 1),                                     -- 积水: 排水
    ('E0404', 'fire',           'owner', 1), ('E0404', 'yingji',    'owner', 2), -- 火灾
    ('E0501', 'chengguan',      'owner', 1),                                     -- 占道经营: 综合执法
    ('E0502', 'traffic-police', 'owner', 1),                                     -- 乱停放: 公安交管
    ('E0601', 'sifa',           'owner', 1),                                     -- 邻里纠纷: 司法所
    ('E0602', 'renshe',         'owner', 1),                                     -- 劳资纠纷: 人社 (劳动监察)
    ('E0701', 'police',         'territory', 1),                                 -- 治安隐患: the 派出所 of the place
    -- E0801 民生服务: the village and township first; the right department is found by them.
    ('E0802', 'water',          'owner', 1), ('E0802', 'power',     'owner', 2)  -- 供水供电
) AS r (category, department, party, priority)
UNION ALL
-- Every 小类 has its township as a territorial party (second after the 派出所 for 治安隐患).
SELECT left(c.code, 1), c.major_code, c.code, 'township', 'territory', CASE WHEN c.code = 'E0701' THEN 2 ELSE 1 END
FROM case_category c;

-- Fallbacks for 小类 a county adds later: by 大类 where one department clearly answers, else by kind (the township).
INSERT INTO routing_rule (kind, major_code, category_code, department_code, party, priority) VALUES
('C', NULL, NULL, 'township',       'territory', 1),
('E', NULL, NULL, 'township',       'territory', 1),
('C', '03', NULL, 'chengguan',      'owner',     1), ('C', '03', NULL, 'township', 'territory', 1),  -- 市容环境 (部件)
('C', '04', NULL, 'chengguan',      'owner',     1), ('C', '04', NULL, 'township', 'territory', 1),  -- 园林绿化
('E', '01', NULL, 'chengguan',      'owner',     1), ('E', '01', NULL, 'township', 'territory', 1),  -- 市容环境 (事件)
('E', '04', NULL, 'yingji',         'owner',     1), ('E', '04', NULL, 'township', 'territory', 1),  -- 突发事件
('E', '05', NULL, 'chengguan',      'owner',     1), ('E', '05', NULL, 'township', 'territory', 1),  -- 街面秩序
('E', '07', NULL, 'police',         'territory', 1), ('E', '07', NULL, 'township', 'territory', 2);  -- 治安

-- The township's name without its level (镇/乡/街道) or ethnic qualifier (瑶族, 壮族 …): 伶站瑶族乡 → 伶站.
CREATE FUNCTION township_place_name(township_name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT coalesce(nullif(regexp_replace(township_name, '(.族)*(镇|乡|街道|街道办事处|苏木)$', ''), ''), township_name) $$;

-- Creates the county's units that are missing: a county-wide unit per department that has one, and per township a unit
-- of each department that keeps one there, its jurisdiction the township's polygon. Existing units keep their name and
-- phone (the county may have edited them); township units follow their township's polygon, and those whose township is
-- gone are deactivated. Idempotent; returns how many units it created or changed.
CREATE FUNCTION department_units_sync(county text) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    changed integer := 0;
    n integer;
BEGIN
    INSERT INTO department_unit (code, department_code, county_code, name)
    SELECT co.code || '-' || d.code, d.code, co.code, co.name || d.county_unit_name
    FROM department d CROSS JOIN county co
    WHERE co.code = county AND d.active AND d.county_unit_name IS NOT NULL
    ON CONFLICT (code) DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    changed := changed + n;

    INSERT INTO department_unit (code, department_code, county_code, township_code, name, jurisdiction)
    SELECT t.code || '-' || d.code, d.code, co.code, t.code,
           replace(replace(replace(d.township_unit_name, '{county}', co.name), '{township}', t.name),
                   '{place}', township_place_name(t.name)),
           t.geom
    FROM department d CROSS JOIN county co JOIN township t ON t.county_code = co.code
    WHERE co.code = county AND d.active AND d.township_unit_name IS NOT NULL
    ON CONFLICT (code) DO UPDATE SET jurisdiction = EXCLUDED.jurisdiction, township_code = EXCLUDED.township_code, active = true
        WHERE department_unit.jurisdiction IS DISTINCT FROM EXCLUDED.jurisdiction
           OR department_unit.township_code IS DISTINCT FROM EXCLUDED.township_code
           OR NOT department_unit.active;
    GET DIAGNOSTICS n = ROW_COUNT;
    changed := changed + n;

    UPDATE department_unit u SET active = false
    WHERE u.county_code = county AND u.active AND u.township_code IS NULL AND u.code ~ ('^[0-9]{9}-' || u.department_code || '$');
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN changed + n;
END $$;

-- Runs the sync for every county whose townships a statement inserted or changed (an import inserts them all in one
-- statement, so this runs once per county per import, inside the import's transaction).
CREATE FUNCTION township_sync_department_units() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM department_units_sync(c.county_code) FROM (SELECT DISTINCT county_code FROM changed_townships) c;
    RETURN NULL;
END $$;

CREATE TRIGGER township_inserted_sync_department_units AFTER INSERT ON township
    REFERENCING NEW TABLE AS changed_townships
    FOR EACH STATEMENT EXECUTE FUNCTION township_sync_department_units();
CREATE TRIGGER township_updated_sync_department_units AFTER UPDATE ON township
    REFERENCING NEW TABLE AS changed_townships
    FOR EACH STATEMENT EXECUTE FUNCTION township_sync_department_units();
-- A deleted township sets its units' township_code to NULL (ON DELETE SET NULL), and the next sync deactivates them.
CREATE TRIGGER township_deleted_sync_department_units AFTER DELETE ON township
    REFERENCING OLD TABLE AS changed_townships
    FOR EACH STATEMENT EXECUTE FUNCTION township_sync_department_units();

-- Databases that already hold a territory get their units now.
SELECT department_units_sync(code) FROM county;

-- Department staff serve a unit: their scope code is a department_unit code (it was free text before departments
-- existed). NOT VALID: an account created under the old rule keeps working (it sees no orders) until it is re-scoped,
-- instead of this migration failing on it.
ALTER TABLE staff_account DROP CONSTRAINT staff_account_scope_fits_role;
ALTER TABLE staff_account ADD CONSTRAINT staff_account_scope_fits_role CHECK (CASE role
    WHEN 'county_admin'        THEN scope_code ~ '^[0-9]{6}$'
    WHEN 'township_dispatcher' THEN scope_code ~ '^[0-9]{9}$'
    WHEN 'village_cadre'       THEN scope_code ~ '^[0-9]{12}$'
    WHEN 'grid_worker'         THEN scope_code ~ '^[0-9]{15}$'
    WHEN 'link_leader'         THEN scope_code ~ '^[0-9]{18}$'
    ELSE scope_code ~ '^[0-9]{6}([0-9]{3})?-[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(scope_code) <= 50 END) NOT VALID;

CREATE OR REPLACE FUNCTION staff_account_scope_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    found boolean;
BEGIN
    found := CASE NEW.role
        WHEN 'county_admin'        THEN EXISTS (SELECT 1 FROM county          WHERE code = NEW.scope_code)
        WHEN 'township_dispatcher' THEN EXISTS (SELECT 1 FROM township        WHERE code = NEW.scope_code)
        WHEN 'village_cadre'       THEN EXISTS (SELECT 1 FROM village         WHERE code = NEW.scope_code)
        WHEN 'grid_worker'         THEN EXISTS (SELECT 1 FROM grid            WHERE code = NEW.scope_code)
        WHEN 'link_leader'         THEN EXISTS (SELECT 1 FROM link_unit       WHERE code = NEW.scope_code)
        WHEN 'department_staff'    THEN EXISTS (SELECT 1 FROM department_unit WHERE code = NEW.scope_code)
        ELSE true END;
    IF NOT found THEN
        RAISE EXCEPTION USING
            ERRCODE = 'foreign_key_violation',
            MESSAGE = format('账号 %s 的管辖范围 %s 不存在', NEW.username, NEW.scope_code),
            CONSTRAINT = 'staff_account_scope_exists';
    END IF;
    RETURN NEW;
END $$;
