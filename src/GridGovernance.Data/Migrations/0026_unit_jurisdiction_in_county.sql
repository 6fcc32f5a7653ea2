-- A unit's jurisdiction drawn or imported by the county administration (issue 12, /admin/departments) must lie in the
-- unit's county, as a grid lies in its village: no more than 0.1% of its area outside (territory_area_inside, the rule of
-- 0001). Valid and non-empty WGS-84 is already the column's CHECK (territory_geom_ok). Township units take their
-- township's polygon (department_units_sync), which lies in the county by the township's own trigger.
CREATE FUNCTION department_unit_jurisdiction_in_county() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    county_geom geometry;
BEGIN
    SELECT geom INTO county_geom FROM county WHERE code = NEW.county_code;
    IF county_geom IS NOT NULL AND NOT territory_area_inside(NEW.jurisdiction, county_geom) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = format('单位 %s 的管辖区域超出了县 %s 的范围', NEW.code, NEW.county_code),
            CONSTRAINT = 'department_unit_jurisdiction_in_county';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER department_unit_jurisdiction_in_county BEFORE INSERT OR UPDATE OF jurisdiction, county_code ON department_unit
    FOR EACH ROW WHEN (NEW.jurisdiction IS NOT NULL AND NEW.township_code IS NULL)
    EXECUTE FUNCTION department_unit_jurisdiction_in_county();
