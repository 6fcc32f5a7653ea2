-- Issue 12, point 2: a county adds units of its own and edits its routing rules (/admin/departments).
--
-- Routing rules of a county. A rule with county_code NULL is the installation's (seeded by 0006, shared by every county
-- it serves); a rule with a county_code is that county's own and counts only for cases of that county. At each level
-- (小类, 大类, kind) the county's rule for a department replaces the installation's rule for that department — its party,
-- priority and active flag (an inactive county rule takes the department out of that level in the county) — and the
-- installation's rules for other departments stay. The most specific level that then has active rules wins, as before.
-- UnitRouting.RulesInForce is the one place that reads rules this way.
ALTER TABLE routing_rule ADD COLUMN county_code text REFERENCES county (code);
ALTER TABLE routing_rule DROP CONSTRAINT routing_rule_once_per_department;
ALTER TABLE routing_rule ADD CONSTRAINT routing_rule_once_per_department
    UNIQUE NULLS NOT DISTINCT (county_code, kind, major_code, category_code, department_code);

-- Units a county adds for a township (a township's 综合执法队) follow that township's polygon like the units the sync
-- creates, whatever their code: routing answers for a township unit by its township_code, and the map shows its
-- jurisdiction. A county-added unit of a township that is gone is deactivated like the township's own units.
CREATE OR REPLACE FUNCTION department_units_sync(county text) RETURNS integer
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

    -- The county's own township units (any code): their township's polygon.
    UPDATE department_unit u SET jurisdiction = t.geom
    FROM township t
    WHERE u.county_code = county AND t.code = u.township_code AND u.jurisdiction IS DISTINCT FROM t.geom;
    GET DIAGNOSTICS n = ROW_COUNT;
    changed := changed + n;

    UPDATE department_unit u SET active = false
    WHERE u.county_code = county AND u.active AND u.township_code IS NULL
      AND u.code ~ ('^[0-9]{9}-' || u.department_code || '(-[0-9]+)?$');
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN changed + n;
END $$;
