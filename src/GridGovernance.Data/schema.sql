-- GridGovernance: the database schema as the migrations in Migrations/ leave it (pg_dump --schema-only, normalised).
-- Generated; do not edit. Regenerate after adding a migration: deploy/local/schema.sh

--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: postgis; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;

--
-- Name: EXTENSION postgis; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION postgis IS 'PostGIS geometry and geography spatial types and functions';

--
-- Name: audit_log_append_only(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION '审计记录只能追加，不能修改或删除' USING ERRCODE = 'insufficient_privilege';
END $$;

--
-- Name: case_file_copy_limit(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.case_file_copy_limit() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.category IS DISTINCT FROM OLD.category THEN
        SELECT k.time_limit, k.time_unit INTO NEW.time_limit, NEW.time_unit FROM case_category k WHERE k.code = NEW.category;
    END IF;
    RETURN NEW;
END $$;

--
-- Name: case_timeline_refuse_change(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.case_timeline_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION '案件时间线只能追加，不能修改或删除（%）', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;

--
-- Name: case_timeline_to_outbox(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.case_timeline_to_outbox() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    c          case_file;
    units      text[];
    leader_units text[];
    event_id   bigint;
BEGIN
    -- Events must become visible in id order, or a client reading "after id N" could skip an id that commits later. Writers
    -- take this lock at their last step and hold it to COMMIT, so event ids commit in order; the wait is one commit long.
    PERFORM pg_advisory_xact_lock(7426001);
    SELECT * INTO c FROM case_file WHERE id = NEW.case_id;
    SELECT coalesce(array_agg(DISTINCT o.unit_code), '{}') INTO units
    FROM work_order o WHERE o.case_id = NEW.case_id AND (o.state NOT IN ('returned', 'withdrawn') OR o.id = NEW.work_order_id);
    -- The case's 十联户 unit: the unit of the 联户长 who reported it (see the comment at the top of this file).
    leader_units := ARRAY(SELECT a.scope_code FROM staff_account a WHERE a.id = c.reported_by_account_id AND a.role = 'link_leader');
    INSERT INTO outbox_event (type, case_id, work_order_id, scope_codes, payload)
    VALUES ('case.' || NEW.action, NEW.case_id, NEW.work_order_id,
            ARRAY[c.county_code, c.township_code, c.village_code, c.grid_code] || units || leader_units,
            jsonb_build_object(
                'caseId', c.id, 'number', c.number, 'action', NEW.action, 'state', c.state, 'stateBefore', NEW.state_before,
                'category', c.category, 'gridCode', c.grid_code, 'workOrderId', NEW.work_order_id,
                'lng', ST_X(c.geom), 'lat', ST_Y(c.geom), 'at', NEW.at))
    RETURNING id INTO event_id;
    PERFORM pg_notify('gridgov_events', event_id::text);
    RETURN NULL;
END
$$;

--
-- Name: department_unit_jurisdiction_in_county(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.department_unit_jurisdiction_in_county() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: department_units_sync(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.department_units_sync(county text) RETURNS integer
    LANGUAGE plpgsql
    AS $_$
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
END $_$;

--
-- Name: eval_case_fact_on_report(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.eval_case_fact_on_report() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO eval_case_fact (case_id, county_code, township_code, village_code, grid_code, category, source, reported_month,
                                counted, closed_in_month, closed_on_time, checked, reworked, escalated, reporter_account_id)
    VALUES (NEW.id, NEW.county_code, NEW.township_code, NEW.village_code, NEW.grid_code, NEW.category, NEW.source,
            eval_month(NEW.created_at), false, false, false, false, false, false, NEW.reported_by_account_id);
    RETURN NULL;
END
$$;

--
-- Name: eval_month(timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.eval_month(at timestamp with time zone) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT date_trunc('month', (at AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;

--
-- Name: eval_snapshot_only_publish(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.eval_snapshot_only_publish() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.published_at IS NULL
           AND (NEW.id, NEW.county_code, NEW.month, NEW.frozen_at, NEW.weights, NEW.rule, NEW.backfilled)
               IS NOT DISTINCT FROM (OLD.id, OLD.county_code, OLD.month, OLD.frozen_at, OLD.weights, OLD.rule, OLD.backfilled) THEN
            RETURN NEW;   -- publishing, once
        END IF;
    END IF;
    RAISE EXCEPTION '已封存的月度考核不能修改或删除（%）', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;

--
-- Name: eval_snapshot_row_refuse_change(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.eval_snapshot_row_refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION '已封存的月度考核不能修改或删除（%）', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;

--
-- Name: grid_at_point(double precision, double precision); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.grid_at_point(lng double precision, lat double precision) RETURNS TABLE(grid_code text, inside_grid boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $_$
    WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS geom)
    (SELECT g.code, true FROM grid g, pt WHERE ST_Intersects(g.geom, pt.geom) AND g.retired_at IS NULL ORDER BY g.code LIMIT 1)
    UNION ALL
    (SELECT g.code, false FROM grid g, pt
     WHERE ST_DWithin(g.geom, pt.geom, 0.003) AND g.retired_at IS NULL
       AND EXISTS (SELECT 1 FROM county c WHERE ST_Intersects(c.geom, pt.geom))
     ORDER BY g.geom <-> pt.geom LIMIT 1)
    LIMIT 1
$_$;

--
-- Name: grid_duty_phone(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.grid_duty_phone(grid_code text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $_$
    SELECT coalesce(g.duty_phone, u.duty_phone, u.phone)
    FROM grid g
    JOIN village v ON v.code = g.village_code
    LEFT JOIN department_unit u ON u.code = v.township_code || '-township' AND u.active
    WHERE g.code = $1
$_$;

--
-- Name: grid_edit_check_coverage(text, double precision); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.grid_edit_check_coverage(village text, before double precision) RETURNS double precision
    LANGUAGE plpgsql
    AS $$
DECLARE
    after float8 := village_grid_coverage(village);
BEGIN
    IF after < least(0.999, before - 1e-9) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = format('村（社区）%s 的网格覆盖率将降为 %s%%（至少 99.9%%）', village, round((after * 100)::numeric, 2)),
            CONSTRAINT = 'village_grid_coverage';
    END IF;
    RETURN after;
END $$;

--
-- Name: grid_geom_at(text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.grid_geom_at(code text, at timestamp with time zone) RETURNS public.geometry
    LANGUAGE sql STABLE
    AS $_$
    (SELECT v.geom FROM grid_version v WHERE v.grid_code = $1 AND v.valid_from <= $2 AND $2 < v.valid_to ORDER BY v.id LIMIT 1)
    UNION ALL
    (SELECT g.geom FROM grid g WHERE g.code = $1 AND g.valid_from <= $2 AND (g.retired_at IS NULL OR $2 < g.retired_at))
    LIMIT 1
$_$;

--
-- Name: grid_keep_history(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.grid_keep_history() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT ST_Equals(NEW.geom, OLD.geom) THEN
        INSERT INTO grid_version (grid_code, valid_from, valid_to, geom)
        VALUES (OLD.code, OLD.valid_from, greatest(now(), OLD.valid_from), OLD.geom);
        NEW.valid_from := now();
    END IF;
    RETURN NEW;
END $$;

--
-- Name: grid_live_code(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.grid_live_code(code text) RETURNS text
    LANGUAGE sql STABLE
    AS $_$
    WITH RECURSIVE chain (code, successor, retired, depth) AS (
        SELECT g.code, g.successor_code, g.retired_at IS NOT NULL, 0 FROM grid g WHERE g.code = $1
        UNION ALL
        SELECT g.code, g.successor_code, g.retired_at IS NOT NULL, c.depth + 1
        FROM chain c JOIN grid g ON g.code = c.successor WHERE c.retired AND c.depth < 100)
    SELECT code FROM chain ORDER BY depth DESC LIMIT 1
$_$;

--
-- Name: grid_no_overlap(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.grid_no_overlap() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    other text;
BEGIN
    -- The row as it is at commit (a later statement of the transaction may have changed or retired it again).
    IF NOT EXISTS (SELECT 1 FROM grid WHERE code = NEW.code AND retired_at IS NULL) THEN RETURN NULL; END IF;
    SELECT o.code INTO other
    FROM grid g JOIN grid o ON o.village_code = g.village_code AND o.code <> g.code AND o.retired_at IS NULL
    WHERE g.code = NEW.code AND ST_Intersects(o.geom, g.geom)
      AND ST_Area(ST_Intersection(o.geom, g.geom)) > 0.001 * least(ST_Area(o.geom), ST_Area(g.geom))
    LIMIT 1;
    IF other IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = format('网格 %s 与网格 %s 重叠', NEW.code, other),
            CONSTRAINT = 'grid_no_overlap';
    END IF;
    RETURN NULL;
END $$;

--
-- Name: grid_staff_account_fits(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.grid_staff_account_fits() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    a staff_account%ROWTYPE;
BEGIN
    SELECT * INTO a FROM staff_account WHERE id = NEW.account_id;
    IF NOT staff_link_fits(NEW.role, NEW.grid_code, a.role, a.scope_code)
       OR NOT staff_link_account_free(NEW.account_id, NEW.id, NULL) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = format('账号 %s（%s %s）不能关联为网格 %s 的 %s', a.username, a.role, a.scope_code, NEW.grid_code, NEW.role),
            CONSTRAINT = 'grid_staff_account_fits';
    END IF;
    RETURN NEW;
END $$;

--
-- Name: link_unit_leader_account_fits(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.link_unit_leader_account_fits() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    a staff_account%ROWTYPE;
BEGIN
    -- A new 联户长 household is another person: the old leader's account is no longer the unit's leader's.
    IF TG_OP = 'UPDATE' AND NEW.leader_household_code IS DISTINCT FROM OLD.leader_household_code
       AND NEW.leader_account_id IS NOT DISTINCT FROM OLD.leader_account_id THEN
        NEW.leader_account_id := NULL;
    END IF;
    IF NEW.leader_account_id IS NULL THEN RETURN NEW; END IF;
    SELECT * INTO a FROM staff_account WHERE id = NEW.leader_account_id;
    IF NEW.leader_household_code IS NULL OR NOT staff_link_fits('link_leader', NEW.code, a.role, a.scope_code)
       OR NOT staff_link_account_free(NEW.leader_account_id, NULL, NEW.code) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = format('账号 %s（%s %s）不能关联为十联户 %s 的联户长', a.username, a.role, a.scope_code, NEW.code),
            CONSTRAINT = 'link_unit_leader_account_fits';
    END IF;
    RETURN NEW;
END $$;

--
-- Name: place_beyond_grids(public.geometry); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.place_beyond_grids(p public.geometry) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
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

--
-- Name: place_description(public.geometry); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.place_description(p public.geometry) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
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

--
-- Name: publish_territory_event(text, text[], jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.publish_territory_event(event_type text, scope_codes text[], payload jsonb) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    event_id bigint;
BEGIN
    IF event_type NOT LIKE 'territory.%' THEN
        RAISE EXCEPTION 'publish_territory_event: type % is not a territory event', event_type;
    END IF;
    PERFORM pg_advisory_xact_lock(7426001);
    INSERT INTO outbox_event (type, case_id, work_order_id, scope_codes, payload)
    VALUES (event_type, NULL, NULL, scope_codes, payload)
    RETURNING id INTO event_id;
    PERFORM pg_notify('gridgov_events', event_id::text);
    RETURN event_id;
END
$$;

--
-- Name: staff_account_links_follow(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.staff_account_links_follow() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE grid_staff SET account_id = NULL
    WHERE account_id = NEW.id AND NOT staff_link_fits(role, grid_code, NEW.role, NEW.scope_code);
    UPDATE link_unit SET leader_account_id = NULL
    WHERE leader_account_id = NEW.id AND NOT staff_link_fits('link_leader', code, NEW.role, NEW.scope_code);
    RETURN NULL;
END $$;

--
-- Name: staff_account_notify_signout(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.staff_account_notify_signout() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('gridgov_accounts', OLD.id::text);
    ELSIF NEW.security_stamp <> OLD.security_stamp OR NEW.disabled <> OLD.disabled THEN
        PERFORM pg_notify('gridgov_accounts', NEW.id::text);
    END IF;
    RETURN NULL;
END $$;

--
-- Name: staff_account_rotate_stamp(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.staff_account_rotate_stamp() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF (NEW.role IS DISTINCT FROM OLD.role OR NEW.scope_code IS DISTINCT FROM OLD.scope_code OR (NEW.disabled AND NOT OLD.disabled))
       AND NEW.security_stamp = OLD.security_stamp THEN
        NEW.security_stamp := gen_random_uuid();
    END IF;
    RETURN NEW;
END $$;

--
-- Name: staff_account_scope_exists(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.staff_account_scope_exists() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    found boolean;
BEGIN
    found := CASE NEW.role
        WHEN 'county_admin'        THEN EXISTS (SELECT 1 FROM county WHERE code = NEW.scope_code)
                                     OR EXISTS (SELECT 1 FROM county_declared WHERE code = NEW.scope_code)
        WHEN 'township_dispatcher' THEN EXISTS (SELECT 1 FROM township  WHERE code = NEW.scope_code)
        WHEN 'village_cadre'       THEN EXISTS (SELECT 1 FROM village   WHERE code = NEW.scope_code)
        WHEN 'grid_worker'         THEN EXISTS (SELECT 1 FROM grid      WHERE code = NEW.scope_code)
        WHEN 'link_leader'         THEN EXISTS (SELECT 1 FROM link_unit WHERE code = NEW.scope_code)
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

--
-- Name: staff_link_account_free(bigint, bigint, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.staff_link_account_free(account bigint, own_grid_staff bigint, own_unit text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT NOT EXISTS (SELECT 1 FROM grid_staff WHERE account_id = account AND id IS DISTINCT FROM own_grid_staff)
         AND NOT EXISTS (SELECT 1 FROM link_unit WHERE leader_account_id = account AND code IS DISTINCT FROM own_unit) $$;

--
-- Name: staff_link_fits(text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.staff_link_fits(post text, place_code text, account_role text, account_scope text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE post
        WHEN 'grid_worker' THEN account_role = 'grid_worker' AND account_scope = place_code
        WHEN 'grid_head'   THEN (account_role = 'grid_worker' AND account_scope = place_code)
                             OR (account_role = 'village_cadre' AND account_scope = left(place_code, 12))
        WHEN 'link_leader' THEN account_role = 'link_leader' AND account_scope = place_code
        ELSE false END $$;

--
-- Name: territory_area_inside(public.geometry, public.geometry); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.territory_area_inside(child public.geometry, parent public.geometry) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ST_CoveredBy(child, parent)
          OR ST_Area(ST_Difference(child, parent)) <= 0.001 * ST_Area(child) $$;

--
-- Name: territory_child_inside_parent(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.territory_child_inside_parent() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    parent geometry;
    parent_code text;
BEGIN
    CASE TG_TABLE_NAME
        WHEN 'township' THEN parent_code := NEW.county_code;   SELECT geom INTO parent FROM county   WHERE code = parent_code;
        WHEN 'village'  THEN parent_code := NEW.township_code; SELECT geom INTO parent FROM township WHERE code = parent_code;
        WHEN 'grid'     THEN parent_code := NEW.village_code;  SELECT geom INTO parent FROM village  WHERE code = parent_code;
    END CASE;
    IF parent IS NOT NULL AND NOT territory_area_inside(NEW.geom, parent) THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = format('%s %s 的范围超出了上级 %s', TG_TABLE_NAME, NEW.code, parent_code),
            CONSTRAINT = TG_TABLE_NAME || '_inside_parent';
    END IF;
    RETURN NEW;
END $$;

--
-- Name: territory_geom_ok(public.geometry); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.territory_geom_ok(g public.geometry) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT g IS NOT NULL AND NOT ST_IsEmpty(g) AND ST_IsValid(g) AND ST_SRID(g) = 4326 $$;

--
-- Name: township_place_name(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.township_place_name(township_name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$ SELECT coalesce(nullif(regexp_replace(township_name, '(.族)*(镇|乡|街道|街道办事处|苏木)$', ''), ''), township_name) $_$;

--
-- Name: township_sync_department_units(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.township_sync_department_units() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM department_units_sync(c.county_code) FROM (SELECT DISTINCT county_code FROM changed_townships) c;
    RETURN NULL;
END $$;

--
-- Name: village_grid_coverage(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.village_grid_coverage(village text) RETURNS double precision
    LANGUAGE sql STABLE
    AS $_$
    SELECT coalesce(ST_Area(ST_Intersection(ST_Union(g.geom), v.geom)) / nullif(ST_Area(v.geom), 0), 0)
    FROM village v LEFT JOIN grid g ON g.village_code = v.code AND g.retired_at IS NULL
    WHERE v.code = $1
    GROUP BY v.code, v.geom
$_$;

--
-- Name: work_period_refuse_overlap(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.work_period_refuse_overlap() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM work_period p
               WHERE p.id <> NEW.id AND p.county_code IS NOT DISTINCT FROM NEW.county_code
                 AND p.starts_at < NEW.ends_at AND NEW.starts_at < p.ends_at) THEN
        RAISE EXCEPTION '工作时段 %–% 与已有时段重叠', NEW.starts_at, NEW.ends_at USING ERRCODE = 'exclusion_violation';
    END IF;
    RETURN NEW;
END
$$;

SET default_table_access_method = heap;

--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor_id bigint,
    actor_name text NOT NULL,
    action text NOT NULL,
    subject_kind text NOT NULL,
    subject_id text NOT NULL,
    summary text NOT NULL,
    before jsonb,
    after jsonb,
    CONSTRAINT audit_log_action_check CHECK ((action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'::text)),
    CONSTRAINT audit_log_actor_name_check CHECK (((length(actor_name) >= 1) AND (length(actor_name) <= 100))),
    CONSTRAINT audit_log_subject_id_check CHECK (((length(subject_id) >= 1) AND (length(subject_id) <= 100))),
    CONSTRAINT audit_log_subject_kind_check CHECK ((subject_kind ~ '^[a-z][a-z0-9_]*$'::text)),
    CONSTRAINT audit_log_summary_check CHECK (((length(summary) >= 1) AND (length(summary) <= 500)))
);

--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.audit_log ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: case_category; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.case_category (
    code text NOT NULL,
    kind character(1) GENERATED ALWAYS AS ("left"(code, 1)) STORED,
    major_code text GENERATED ALWAYS AS (substr(code, 2, 2)) STORED,
    minor_code text GENERATED ALWAYS AS (substr(code, 4, 2)) STORED,
    major_name text NOT NULL,
    name text NOT NULL,
    filing_condition text NOT NULL,
    closing_condition text NOT NULL,
    time_limit integer NOT NULL,
    time_unit text NOT NULL,
    responsible_party text NOT NULL,
    active boolean DEFAULT true NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    CONSTRAINT case_category_code_check CHECK (((code ~ '^[EC][0-9]{2}[0-9]{2}$'::text) AND (substr(code, 2, 2) <> '00'::text) AND (substr(code, 4, 2) <> '00'::text))),
    CONSTRAINT case_category_major_name_check CHECK (((length(major_name) >= 1) AND (length(major_name) <= 50))),
    CONSTRAINT case_category_name_check CHECK (((length(name) >= 1) AND (length(name) <= 50))),
    CONSTRAINT case_category_time_limit_check CHECK ((time_limit > 0)),
    CONSTRAINT case_category_time_unit_check CHECK ((time_unit = ANY (ARRAY['work_hour'::text, 'work_day'::text, 'minute'::text])))
);

--
-- Name: case_file; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.case_file (
    id bigint NOT NULL,
    number text NOT NULL,
    kind character(1) NOT NULL,
    category text NOT NULL,
    request_type text NOT NULL,
    source text NOT NULL,
    description text NOT NULL,
    geom public.geometry(Point,4326),
    position_outside_grid boolean DEFAULT false NOT NULL,
    county_code text NOT NULL,
    township_code text NOT NULL,
    village_code text NOT NULL,
    grid_code text NOT NULL,
    state text NOT NULL,
    reporter_phone_encrypted bytea,
    tracking_token_hash bytea NOT NULL,
    tracking_token_encrypted bytea NOT NULL,
    idempotency_key text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    closed_at timestamp with time zone,
    satisfaction text,
    resolved boolean,
    rating_comment text,
    rated_at timestamp with time zone,
    reported_by_account_id bigint,
    on_behalf_household_code text,
    level_since timestamp with time zone DEFAULT now() NOT NULL,
    accepted_at timestamp with time zone,
    deadline_at timestamp with time zone,
    closure_type text,
    rework_count integer DEFAULT 0 NOT NULL,
    grid_by_nearest boolean DEFAULT false NOT NULL,
    idempotency_fingerprint bytea,
    time_limit integer NOT NULL,
    time_unit text NOT NULL,
    callback_requested boolean DEFAULT false NOT NULL,
    callback_done_at timestamp with time zone,
    external_ticket text,
    merged_into_case_id bigint,
    CONSTRAINT case_file_accepted_has_deadline CHECK (((accepted_at IS NULL) OR (deadline_at IS NOT NULL))),
    CONSTRAINT case_file_callback_needs_phone CHECK (((NOT callback_requested) OR (reporter_phone_encrypted IS NOT NULL))),
    CONSTRAINT case_file_closed_has_closure_type CHECK (((state <> 'closed'::text) OR (closure_type IS NOT NULL))),
    CONSTRAINT case_file_closure_type_check CHECK ((closure_type = ANY (ARRAY['normal'::text, 'overdue'::text, 'error'::text, 'special'::text, 'merged'::text]))),
    CONSTRAINT case_file_codes_nest CHECK ((starts_with(township_code, county_code) AND starts_with(village_code, township_code) AND starts_with(grid_code, village_code))),
    CONSTRAINT case_file_description_check CHECK (((length(description) >= 1) AND (length(description) <= 2000))),
    CONSTRAINT case_file_external_ticket_check CHECK (((length(external_ticket) >= 1) AND (length(external_ticket) <= 50))),
    CONSTRAINT case_file_idempotency_fingerprint_length CHECK ((octet_length(idempotency_fingerprint) = 32)),
    CONSTRAINT case_file_idempotency_key_check CHECK (((length(idempotency_key) >= 8) AND (length(idempotency_key) <= 100))),
    CONSTRAINT case_file_kind_check CHECK ((kind = ANY (ARRAY['E'::bpchar, 'C'::bpchar]))),
    CONSTRAINT case_file_kind_matches_category CHECK (((kind)::text = "left"(category, 1))),
    CONSTRAINT case_file_merged_is_closed CHECK (((merged_into_case_id IS NULL) = (closure_type IS DISTINCT FROM 'merged'::text))),
    CONSTRAINT case_file_merged_not_self CHECK ((merged_into_case_id <> id)),
    CONSTRAINT case_file_number_check CHECK ((number ~ '^[EC][0-9]{12}([0-9]{4}|[1-9][0-9]{4})$'::text)),
    CONSTRAINT case_file_on_behalf_only_by_link_leader CHECK (((on_behalf_household_code IS NULL) OR (source = 'link_leader'::text))),
    CONSTRAINT case_file_rating_comment_check CHECK ((length(rating_comment) <= 500)),
    CONSTRAINT case_file_rating_complete CHECK ((((satisfaction IS NULL) = (rated_at IS NULL)) AND ((satisfaction IS NULL) = (resolved IS NULL)))),
    CONSTRAINT case_file_request_type_check CHECK ((request_type = ANY (ARRAY['consult'::text, 'help'::text, 'complaint'::text, 'report'::text, 'suggestion'::text]))),
    CONSTRAINT case_file_rework_count_check CHECK ((rework_count >= 0)),
    CONSTRAINT case_file_satisfaction_check CHECK ((satisfaction = ANY (ARRAY['satisfied'::text, 'fairly_satisfied'::text, 'dissatisfied'::text]))),
    CONSTRAINT case_file_source_check CHECK ((source = ANY (ARRAY['qr'::text, 'grid_worker'::text, 'link_leader'::text, 'hotline'::text, 'external'::text, 'phone'::text]))),
    CONSTRAINT case_file_state_known CHECK ((state = ANY (ARRAY['reported'::text, 'closed_on_spot'::text, 'verified'::text, 'accepted'::text, 'voided'::text, 'village_handling'::text, 'dispatched'::text, 'pending_check'::text, 'rework'::text, 'closed'::text, 'revisited'::text, 'shelved'::text, 'terminated'::text, 'archived'::text]))),
    CONSTRAINT case_file_time_limit_positive CHECK ((time_limit > 0)),
    CONSTRAINT case_file_time_unit_known CHECK ((time_unit = ANY (ARRAY['work_hour'::text, 'work_day'::text, 'minute'::text]))),
    CONSTRAINT case_file_tracking_token_hash_check CHECK ((length(tracking_token_hash) = 32))
);

--
-- Name: case_file_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.case_file ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.case_file_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: case_number_counter; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.case_number_counter (
    county_code text NOT NULL,
    day date NOT NULL,
    last_value integer NOT NULL,
    CONSTRAINT case_number_counter_last_value_check CHECK (((last_value >= 1) AND (last_value <= 99999)))
);

--
-- Name: case_photo; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.case_photo (
    case_id bigint NOT NULL,
    photo_sha256 text NOT NULL,
    kind text NOT NULL,
    "position" smallint NOT NULL,
    CONSTRAINT case_photo_kind_check CHECK ((kind = ANY (ARRAY['report'::text, 'after'::text]))),
    CONSTRAINT case_photo_position_check CHECK (("position" >= 0))
);

--
-- Name: case_timeline; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.case_timeline (
    id bigint NOT NULL,
    case_id bigint NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor_kind text NOT NULL,
    actor_account_id bigint,
    actor_role text,
    action text NOT NULL,
    state_before text,
    state_after text,
    note text,
    photo_shas text[] DEFAULT '{}'::text[] NOT NULL,
    request_key text,
    work_order_id bigint,
    "position" public.geometry(Point,4326),
    CONSTRAINT case_timeline_actor_kind_check CHECK ((actor_kind = ANY (ARRAY['resident'::text, 'staff'::text, 'system'::text]))),
    CONSTRAINT case_timeline_note_check CHECK ((length(note) <= 2000)),
    CONSTRAINT case_timeline_request_key_check CHECK ((request_key ~ '^[A-Za-z0-9_-]{8,100}$'::text))
);

--
-- Name: case_timeline_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.case_timeline ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.case_timeline_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: county; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.county (
    code text NOT NULL,
    name text NOT NULL,
    geom public.geometry(MultiPolygon,4326) NOT NULL,
    CONSTRAINT county_code_check CHECK ((code ~ '^[0-9]{6}$'::text)),
    CONSTRAINT county_geom_check CHECK (public.territory_geom_ok(geom)),
    CONSTRAINT county_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100)))
);

--
-- Name: county_declared; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.county_declared (
    code text NOT NULL,
    name text NOT NULL,
    declared_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT county_declared_code_check CHECK ((code ~ '^[0-9]{6}$'::text)),
    CONSTRAINT county_declared_name_check CHECK (((length(name) >= 1) AND (length(name) <= 50)))
);

--
-- Name: data_protection_key; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.data_protection_key (
    id bigint NOT NULL,
    friendly_name text,
    xml text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: data_protection_key_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.data_protection_key ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.data_protection_key_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: department; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.department (
    code text NOT NULL,
    name text NOT NULL,
    short_name text NOT NULL,
    kind text NOT NULL,
    county_unit_name text,
    township_unit_name text,
    sort_order integer DEFAULT 0 NOT NULL,
    active boolean DEFAULT true NOT NULL,
    CONSTRAINT department_code_check CHECK (((code ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'::text) AND (length(code) <= 30))),
    CONSTRAINT department_county_unit_name_check CHECK (((length(county_unit_name) >= 1) AND (length(county_unit_name) <= 50))),
    CONSTRAINT department_has_some_unit CHECK (((county_unit_name IS NOT NULL) OR (township_unit_name IS NOT NULL))),
    CONSTRAINT department_kind_check CHECK ((kind = ANY (ARRAY['government'::text, 'company'::text, 'territorial'::text]))),
    CONSTRAINT department_name_check CHECK (((length(name) >= 1) AND (length(name) <= 50))),
    CONSTRAINT department_short_name_check CHECK (((length(short_name) >= 1) AND (length(short_name) <= 20))),
    CONSTRAINT department_township_unit_name_check CHECK (((length(township_unit_name) >= 1) AND (length(township_unit_name) <= 60)))
);

--
-- Name: department_unit; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.department_unit (
    code text NOT NULL,
    department_code text NOT NULL,
    county_code text NOT NULL,
    township_code text,
    name text NOT NULL,
    phone text,
    jurisdiction public.geometry(MultiPolygon,4326),
    jurisdiction_area double precision GENERATED ALWAYS AS (public.st_area(jurisdiction)) STORED,
    active boolean DEFAULT true NOT NULL,
    duty_contact text,
    duty_phone text,
    CONSTRAINT department_unit_code_check CHECK (((code ~ '^[0-9]{6}([0-9]{3})?-[a-z][a-z0-9]*(-[a-z0-9]+)*$'::text) AND (length(code) <= 50))),
    CONSTRAINT department_unit_code_in_county CHECK (("left"(code, 6) = county_code)),
    CONSTRAINT department_unit_duty_contact_check CHECK (((length(duty_contact) >= 1) AND (length(duty_contact) <= 50))),
    CONSTRAINT department_unit_duty_phone_check CHECK ((duty_phone ~ '^[0-9][0-9-]{4,19}$'::text)),
    CONSTRAINT department_unit_jurisdiction_check CHECK (((jurisdiction IS NULL) OR public.territory_geom_ok(jurisdiction))),
    CONSTRAINT department_unit_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT department_unit_phone_check CHECK ((phone ~ '^[0-9][0-9-]{4,19}$'::text)),
    CONSTRAINT department_unit_township_in_county CHECK (((township_code IS NULL) OR ("left"(township_code, 6) = county_code)))
);

--
-- Name: dispatch_setting; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.dispatch_setting (
    county_code text NOT NULL,
    escalate_grid_minutes integer DEFAULT 240 NOT NULL,
    escalate_village_minutes integer DEFAULT 1440 NOT NULL,
    routine_arrival_minutes integer DEFAULT 240 NOT NULL,
    tough_arrival_minutes integer DEFAULT 120 NOT NULL,
    criticism_after_work_days integer DEFAULT 5 NOT NULL,
    CONSTRAINT dispatch_setting_criticism_after_work_days_check CHECK ((criticism_after_work_days > 0)),
    CONSTRAINT dispatch_setting_escalate_grid_minutes_check CHECK ((escalate_grid_minutes > 0)),
    CONSTRAINT dispatch_setting_escalate_village_minutes_check CHECK ((escalate_village_minutes > 0)),
    CONSTRAINT dispatch_setting_routine_arrival_minutes_check CHECK ((routine_arrival_minutes > 0)),
    CONSTRAINT dispatch_setting_tough_arrival_minutes_check CHECK ((tough_arrival_minutes > 0))
);

--
-- Name: eval_case_fact; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.eval_case_fact (
    case_id bigint NOT NULL,
    county_code text NOT NULL,
    township_code text NOT NULL,
    village_code text NOT NULL,
    grid_code text NOT NULL,
    category text NOT NULL,
    source text NOT NULL,
    reported_month date NOT NULL,
    due_month date,
    counted boolean NOT NULL,
    closed_in_month boolean NOT NULL,
    closed_on_time boolean NOT NULL,
    checked boolean NOT NULL,
    reworked boolean NOT NULL,
    handled_level text,
    escalated boolean NOT NULL,
    close_minutes integer,
    rated_month date,
    satisfied boolean,
    resolved boolean,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    reporter_account_id bigint,
    registrar_account_id bigint,
    registered_month date,
    CONSTRAINT eval_case_fact_close_minutes_check CHECK ((close_minutes >= 0)),
    CONSTRAINT eval_case_fact_codes_nest CHECK ((starts_with(township_code, county_code) AND starts_with(village_code, township_code) AND starts_with(grid_code, village_code))),
    CONSTRAINT eval_case_fact_due_month_check CHECK ((EXTRACT(day FROM due_month) = (1)::numeric)),
    CONSTRAINT eval_case_fact_handled_level_check CHECK ((handled_level = ANY (ARRAY['grid'::text, 'village'::text, 'township'::text]))),
    CONSTRAINT eval_case_fact_rated_month_check CHECK ((EXTRACT(day FROM rated_month) = (1)::numeric)),
    CONSTRAINT eval_case_fact_registered_month_check CHECK ((EXTRACT(day FROM registered_month) = (1)::numeric)),
    CONSTRAINT eval_case_fact_reported_month_check CHECK ((EXTRACT(day FROM reported_month) = (1)::numeric))
);

--
-- Name: eval_order_fact; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.eval_order_fact (
    order_id bigint NOT NULL,
    case_id bigint NOT NULL,
    unit_code text NOT NULL,
    department_code text NOT NULL,
    county_code text NOT NULL,
    township_code text NOT NULL,
    village_code text NOT NULL,
    grid_code text NOT NULL,
    month date NOT NULL,
    counted boolean NOT NULL,
    responded_in_time boolean NOT NULL,
    sign_minutes integer,
    arrive_minutes integer,
    returned boolean NOT NULL,
    extended boolean NOT NULL,
    handled boolean NOT NULL,
    reworked boolean NOT NULL,
    due boolean NOT NULL,
    fed_back_on_time boolean NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT eval_order_fact_arrive_minutes_check CHECK ((arrive_minutes >= 0)),
    CONSTRAINT eval_order_fact_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT eval_order_fact_sign_minutes_check CHECK ((sign_minutes >= 0))
);

--
-- Name: eval_setting; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.eval_setting (
    county_code text NOT NULL,
    weight_response integer DEFAULT 30 NOT NULL,
    weight_resolution integer DEFAULT 35 NOT NULL,
    weight_satisfaction integer DEFAULT 35 NOT NULL,
    weight_on_time integer DEFAULT 20 NOT NULL,
    red_count integer DEFAULT 3 NOT NULL,
    black_count integer DEFAULT 3 NOT NULL,
    CONSTRAINT eval_setting_black_count_check CHECK (((black_count >= 0) AND (black_count <= 50))),
    CONSTRAINT eval_setting_red_count_check CHECK (((red_count >= 0) AND (red_count <= 50))),
    CONSTRAINT eval_setting_some_weight CHECK (((((weight_response + weight_resolution) + weight_satisfaction) + weight_on_time) > 0)),
    CONSTRAINT eval_setting_weight_on_time_check CHECK ((weight_on_time >= 0)),
    CONSTRAINT eval_setting_weight_resolution_check CHECK ((weight_resolution >= 0)),
    CONSTRAINT eval_setting_weight_response_check CHECK ((weight_response >= 0)),
    CONSTRAINT eval_setting_weight_satisfaction_check CHECK ((weight_satisfaction >= 0))
);

--
-- Name: eval_snapshot; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.eval_snapshot (
    id bigint NOT NULL,
    county_code text NOT NULL,
    month date NOT NULL,
    frozen_at timestamp with time zone DEFAULT now() NOT NULL,
    weights jsonb NOT NULL,
    rule jsonb NOT NULL,
    published_at timestamp with time zone,
    published_by bigint,
    backfilled boolean DEFAULT false NOT NULL,
    CONSTRAINT eval_snapshot_month_check CHECK ((EXTRACT(day FROM month) = (1)::numeric)),
    CONSTRAINT eval_snapshot_published_by_someone CHECK (((published_at IS NULL) = (published_by IS NULL)))
);

--
-- Name: eval_snapshot_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.eval_snapshot ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.eval_snapshot_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: eval_snapshot_row; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.eval_snapshot_row (
    snapshot_id bigint NOT NULL,
    level text NOT NULL,
    code text NOT NULL,
    parent_code text NOT NULL,
    name text NOT NULL,
    counts jsonb NOT NULL,
    score numeric(4,1),
    grade character(1),
    rank integer,
    previous_rank integer,
    board text NOT NULL,
    criticised boolean NOT NULL,
    CONSTRAINT eval_snapshot_row_board_check CHECK ((board = ANY (ARRAY['none'::text, 'red'::text, 'black'::text]))),
    CONSTRAINT eval_snapshot_row_grade_check CHECK ((grade = ANY (ARRAY['A'::bpchar, 'B'::bpchar, 'C'::bpchar, 'D'::bpchar]))),
    CONSTRAINT eval_snapshot_row_level_check CHECK ((level = ANY (ARRAY['township'::text, 'village'::text, 'grid'::text, 'unit'::text]))),
    CONSTRAINT eval_snapshot_row_previous_rank_check CHECK ((previous_rank > 0)),
    CONSTRAINT eval_snapshot_row_rank_check CHECK ((rank > 0))
);

--
-- Name: grid; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.grid (
    code text NOT NULL,
    village_code text NOT NULL,
    name text NOT NULL,
    kind text DEFAULT 'comprehensive'::text NOT NULL,
    geom public.geometry(MultiPolygon,4326) NOT NULL,
    geom_3857 public.geometry(MultiPolygon,3857) GENERATED ALWAYS AS (public.st_multi(public.st_transform(geom, 3857))) STORED,
    geom_3857_mid public.geometry(MultiPolygon,3857) GENERATED ALWAYS AS (public.st_multi(public.st_simplifypreservetopology(public.st_transform(geom, 3857), (4)::double precision))) STORED,
    label_point public.geometry(Point,4326) GENERATED ALWAYS AS ((public.st_maximuminscribedcircle(geom)).center) STORED,
    geom_3857_low public.geometry(MultiPolygon,3857) GENERATED ALWAYS AS (public.st_multi(public.st_simplifypreservetopology(public.st_transform(geom, 3857), (20)::double precision))) STORED,
    valid_from timestamp with time zone DEFAULT now() NOT NULL,
    retired_at timestamp with time zone,
    successor_code text,
    placard_reprint boolean DEFAULT false NOT NULL,
    duty_phone text,
    CONSTRAINT grid_code_check CHECK (((code ~ '^[0-9]{12}[0-9]{3}$'::text) AND ("right"(code, 3) <> '000'::text))),
    CONSTRAINT grid_code_extends_village CHECK (("left"(code, 12) = village_code)),
    CONSTRAINT grid_duty_phone_check CHECK ((duty_phone ~ '^[0-9][0-9-]{4,19}$'::text)),
    CONSTRAINT grid_geom_check CHECK (public.territory_geom_ok(geom)),
    CONSTRAINT grid_kind_check CHECK ((kind = ANY (ARRAY['comprehensive'::text, 'dedicated'::text]))),
    CONSTRAINT grid_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT grid_successor_of_retired CHECK (((successor_code IS NULL) OR ((retired_at IS NOT NULL) AND (successor_code <> code))))
);

--
-- Name: grid_reassignment; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.grid_reassignment (
    id bigint NOT NULL,
    edited_at timestamp with time zone DEFAULT now() NOT NULL,
    village_code text NOT NULL,
    action text NOT NULL,
    item_kind text NOT NULL,
    item_code text NOT NULL,
    from_grid text NOT NULL,
    to_grid text NOT NULL,
    note text,
    reviewed_at timestamp with time zone,
    CONSTRAINT grid_reassignment_action_check CHECK ((action = ANY (ARRAY['split'::text, 'merge'::text, 'move_border'::text, 'create'::text, 'retire'::text]))),
    CONSTRAINT grid_reassignment_item_kind_check CHECK ((item_kind = ANY (ARRAY['household'::text, 'link_unit'::text])))
);

--
-- Name: grid_reassignment_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.grid_reassignment ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.grid_reassignment_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: grid_staff; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.grid_staff (
    id bigint NOT NULL,
    grid_code text NOT NULL,
    role text NOT NULL,
    name text NOT NULL,
    phone text NOT NULL,
    account_id bigint,
    CONSTRAINT grid_staff_name_check CHECK (((length(name) >= 1) AND (length(name) <= 50))),
    CONSTRAINT grid_staff_phone_check CHECK ((phone ~ '^1[3-9][0-9]{9}$'::text)),
    CONSTRAINT grid_staff_role_check CHECK ((role = ANY (ARRAY['grid_head'::text, 'grid_worker'::text])))
);

--
-- Name: grid_staff_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.grid_staff ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.grid_staff_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: grid_version; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.grid_version (
    id bigint NOT NULL,
    grid_code text NOT NULL,
    valid_from timestamp with time zone NOT NULL,
    valid_to timestamp with time zone NOT NULL,
    geom public.geometry(MultiPolygon,4326) NOT NULL,
    CONSTRAINT grid_version_check CHECK ((valid_to >= valid_from)),
    CONSTRAINT grid_version_geom_check CHECK (public.territory_geom_ok(geom))
);

--
-- Name: grid_version_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.grid_version ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.grid_version_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: household; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.household (
    code text NOT NULL,
    grid_code text NOT NULL,
    link_unit_code text,
    head_name text NOT NULL,
    members smallint NOT NULL,
    phone text,
    address text,
    geom public.geometry(Point,4326) NOT NULL,
    CONSTRAINT household_address_check CHECK ((length(address) <= 200)),
    CONSTRAINT household_code_check CHECK ((code ~ '^[0-9]{19}$'::text)),
    CONSTRAINT household_code_in_village CHECK (("left"(code, 12) = "left"(grid_code, 12))),
    CONSTRAINT household_geom_check CHECK (public.territory_geom_ok(geom)),
    CONSTRAINT household_head_name_check CHECK (((length(head_name) >= 1) AND (length(head_name) <= 50))),
    CONSTRAINT household_members_check CHECK (((members >= 1) AND (members <= 30))),
    CONSTRAINT household_phone_check CHECK ((phone ~ '^1[3-9][0-9]{9}$'::text))
);

--
-- Name: household_retired; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.household_retired (
    code text NOT NULL,
    grid_code text NOT NULL,
    link_unit_code text,
    head_name text NOT NULL,
    members smallint NOT NULL,
    address text,
    geom public.geometry(Point,4326) NOT NULL,
    reason text NOT NULL,
    retired_at timestamp with time zone DEFAULT now() NOT NULL,
    retired_by bigint,
    CONSTRAINT household_retired_code_check CHECK ((code ~ '^[0-9]{19}$'::text)),
    CONSTRAINT household_retired_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 200)))
);

--
-- Name: household_visit; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.household_visit (
    id bigint NOT NULL,
    household_code text NOT NULL,
    account_id bigint NOT NULL,
    visited_at timestamp with time zone DEFAULT now() NOT NULL,
    request_key text NOT NULL,
    CONSTRAINT household_visit_request_key_check CHECK ((request_key ~ '^[A-Za-z0-9_-]{8,100}$'::text))
);

--
-- Name: household_visit_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.household_visit ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.household_visit_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: link_unit; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.link_unit (
    code text NOT NULL,
    grid_code text NOT NULL,
    name text NOT NULL,
    leader_household_code text,
    geom public.geometry(Point,4326) NOT NULL,
    hull public.geometry(Polygon,4326),
    leader_account_id bigint,
    CONSTRAINT link_unit_code_check CHECK ((code ~ '^[0-9]{18}$'::text)),
    CONSTRAINT link_unit_code_in_village CHECK (("left"(code, 12) = "left"(grid_code, 12))),
    CONSTRAINT link_unit_geom_check CHECK (public.territory_geom_ok(geom)),
    CONSTRAINT link_unit_hull_check CHECK (((hull IS NULL) OR public.territory_geom_ok(hull))),
    CONSTRAINT link_unit_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100)))
);

--
-- Name: notification; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.notification (
    id bigint NOT NULL,
    recipient_scope text NOT NULL,
    case_id bigint NOT NULL,
    work_order_id bigint,
    kind text NOT NULL,
    message text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    read_at timestamp with time zone,
    CONSTRAINT notification_message_check CHECK ((length(message) <= 500))
);

--
-- Name: notification_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.notification ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.notification_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: outbox_event; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outbox_event (
    id bigint NOT NULL,
    type text NOT NULL,
    case_id bigint,
    work_order_id bigint,
    scope_codes text[] NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT outbox_event_case_or_territory CHECK (((case_id IS NOT NULL) OR (type ~~ 'territory.%'::text)))
);

--
-- Name: outbox_event_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.outbox_event ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.outbox_event_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: photo; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.photo (
    sha256 text NOT NULL,
    media_type text NOT NULL,
    bytes bigint NOT NULL,
    width integer NOT NULL,
    height integer NOT NULL,
    thumbnail_sha256 text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT photo_bytes_check CHECK ((bytes > 0)),
    CONSTRAINT photo_height_check CHECK (((height >= 1) AND (height <= 2048))),
    CONSTRAINT photo_media_type_check CHECK ((media_type = ANY (ARRAY['image/jpeg'::text, 'image/webp'::text]))),
    CONSTRAINT photo_sha256_check CHECK ((sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT photo_thumbnail_sha256_check CHECK ((thumbnail_sha256 ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT photo_width_check CHECK (((width >= 1) AND (width <= 2048)))
);

--
-- Name: routing_rule; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.routing_rule (
    id bigint NOT NULL,
    kind character(1) NOT NULL,
    major_code text,
    category_code text,
    department_code text NOT NULL,
    party text NOT NULL,
    priority smallint DEFAULT 1 NOT NULL,
    active boolean DEFAULT true NOT NULL,
    county_code text,
    CONSTRAINT routing_rule_category_fits CHECK (((category_code IS NULL) OR ((major_code IS NOT NULL) AND ((kind)::text = "left"(category_code, 1)) AND (major_code = substr(category_code, 2, 2))))),
    CONSTRAINT routing_rule_kind_check CHECK ((kind = ANY (ARRAY['E'::bpchar, 'C'::bpchar]))),
    CONSTRAINT routing_rule_major_code_check CHECK (((major_code ~ '^[0-9]{2}$'::text) AND (major_code <> '00'::text))),
    CONSTRAINT routing_rule_party_check CHECK ((party = ANY (ARRAY['owner'::text, 'territory'::text]))),
    CONSTRAINT routing_rule_priority_check CHECK (((priority >= 1) AND (priority <= 99)))
);

--
-- Name: routing_rule_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.routing_rule ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.routing_rule_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: setup_completed; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.setup_completed (
    only_row boolean DEFAULT true NOT NULL,
    completed_at timestamp with time zone DEFAULT now() NOT NULL,
    account_id bigint NOT NULL,
    CONSTRAINT setup_completed_only_row_check CHECK (only_row)
);

--
-- Name: setup_token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.setup_token (
    token_sha256 bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT setup_token_token_sha256_check CHECK ((length(token_sha256) = 32))
);

--
-- Name: sms_cursor; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sms_cursor (
    id integer NOT NULL,
    last_event_id bigint NOT NULL,
    CONSTRAINT sms_cursor_id_check CHECK ((id = 1))
);

--
-- Name: sms_message; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sms_message (
    event_id bigint NOT NULL,
    case_id bigint NOT NULL,
    event_type text NOT NULL,
    sent_at timestamp with time zone DEFAULT now() NOT NULL,
    accepted boolean NOT NULL,
    http_status integer
);

--
-- Name: staff_account; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.staff_account (
    id bigint NOT NULL,
    username text NOT NULL,
    display_name text NOT NULL,
    role text NOT NULL,
    scope_code text NOT NULL,
    phone text,
    password_hash text NOT NULL,
    failed_attempts integer DEFAULT 0 NOT NULL,
    locked_until timestamp with time zone,
    security_stamp uuid DEFAULT gen_random_uuid() NOT NULL,
    password_changed_at timestamp with time zone DEFAULT now() NOT NULL,
    disabled boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    must_change_password boolean DEFAULT false NOT NULL,
    unit_head boolean DEFAULT false NOT NULL,
    CONSTRAINT staff_account_display_name_check CHECK (((length(display_name) >= 1) AND (length(display_name) <= 50))),
    CONSTRAINT staff_account_failed_attempts_check CHECK ((failed_attempts >= 0)),
    CONSTRAINT staff_account_head_is_department_staff CHECK (((NOT unit_head) OR (role = 'department_staff'::text))),
    CONSTRAINT staff_account_phone_check CHECK ((phone ~ '^1[3-9][0-9]{9}$'::text)),
    CONSTRAINT staff_account_role_check CHECK ((role = ANY (ARRAY['county_admin'::text, 'township_dispatcher'::text, 'village_cadre'::text, 'grid_worker'::text, 'link_leader'::text, 'department_staff'::text]))),
    CONSTRAINT staff_account_username_check CHECK ((username ~ '^[a-z0-9][a-z0-9_.-]{1,31}$'::text))
);

--
-- Name: staff_account_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.staff_account ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.staff_account_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: supervision; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.supervision (
    id bigint NOT NULL,
    case_id bigint NOT NULL,
    work_order_id bigint,
    level text NOT NULL,
    due_at timestamp with time zone NOT NULL,
    raised_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT supervision_level_check CHECK ((level = ANY (ARRAY['overdue'::text, 'next_day_reminder'::text, 'public_criticism'::text, 'late_arrival'::text])))
);

--
-- Name: supervision_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.supervision ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.supervision_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: territory_revision; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.territory_revision (
    singleton boolean DEFAULT true NOT NULL,
    revision bigint NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT territory_revision_singleton_check CHECK (singleton)
);

--
-- Name: township; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.township (
    code text NOT NULL,
    county_code text NOT NULL,
    name text NOT NULL,
    geom public.geometry(MultiPolygon,4326) NOT NULL,
    geom_3857 public.geometry(MultiPolygon,3857) GENERATED ALWAYS AS (public.st_multi(public.st_transform(geom, 3857))) STORED,
    geom_3857_mid public.geometry(MultiPolygon,3857) GENERATED ALWAYS AS (public.st_multi(public.st_simplifypreservetopology(public.st_transform(geom, 3857), (4)::double precision))) STORED,
    geom_3857_low public.geometry(MultiPolygon,3857) GENERATED ALWAYS AS (public.st_multi(public.st_simplifypreservetopology(public.st_transform(geom, 3857), (20)::double precision))) STORED,
    label_point public.geometry(Point,4326) GENERATED ALWAYS AS ((public.st_maximuminscribedcircle(geom)).center) STORED,
    CONSTRAINT township_code_check CHECK ((code ~ '^[0-9]{9}$'::text)),
    CONSTRAINT township_code_extends_county CHECK (("left"(code, 6) = county_code)),
    CONSTRAINT township_geom_check CHECK (public.territory_geom_ok(geom)),
    CONSTRAINT township_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100)))
);

--
-- Name: village; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.village (
    code text NOT NULL,
    township_code text NOT NULL,
    name text NOT NULL,
    kind text GENERATED ALWAYS AS (
CASE
    WHEN ((substr(code, 10, 3))::integer < 200) THEN 'community'::text
    ELSE 'village'::text
END) STORED,
    geom public.geometry(MultiPolygon,4326) NOT NULL,
    geom_3857 public.geometry(MultiPolygon,3857) GENERATED ALWAYS AS (public.st_multi(public.st_transform(geom, 3857))) STORED,
    geom_3857_mid public.geometry(MultiPolygon,3857) GENERATED ALWAYS AS (public.st_multi(public.st_simplifypreservetopology(public.st_transform(geom, 3857), (4)::double precision))) STORED,
    geom_3857_low public.geometry(MultiPolygon,3857) GENERATED ALWAYS AS (public.st_multi(public.st_simplifypreservetopology(public.st_transform(geom, 3857), (20)::double precision))) STORED,
    label_point public.geometry(Point,4326) GENERATED ALWAYS AS ((public.st_maximuminscribedcircle(geom)).center) STORED,
    CONSTRAINT village_code_check CHECK ((code ~ '^[0-9]{12}$'::text)),
    CONSTRAINT village_code_extends_township CHECK (("left"(code, 9) = township_code)),
    CONSTRAINT village_geom_check CHECK (public.territory_geom_ok(geom)),
    CONSTRAINT village_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100)))
);

--
-- Name: whistle; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.whistle (
    id bigint NOT NULL,
    case_id bigint NOT NULL,
    kind text NOT NULL,
    blown_by bigint NOT NULL,
    blown_at timestamp with time zone DEFAULT now() NOT NULL,
    arrival_deadline_at timestamp with time zone NOT NULL,
    note text,
    meeting_geom public.geometry(Point,4326),
    CONSTRAINT whistle_emergency_within_30_minutes CHECK (((kind <> 'emergency'::text) OR (arrival_deadline_at <= (blown_at + '00:30:00'::interval)))),
    CONSTRAINT whistle_kind_check CHECK ((kind = ANY (ARRAY['routine'::text, 'tough'::text, 'emergency'::text]))),
    CONSTRAINT whistle_note_check CHECK ((length(note) <= 2000))
);

--
-- Name: whistle_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.whistle ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.whistle_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: work_calendar_day; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.work_calendar_day (
    day date NOT NULL,
    county_code text,
    kind text NOT NULL,
    name text NOT NULL,
    CONSTRAINT work_calendar_day_kind_check CHECK ((kind = ANY (ARRAY['holiday'::text, 'workday'::text]))),
    CONSTRAINT work_calendar_day_name_check CHECK (((length(name) >= 1) AND (length(name) <= 50))),
    CONSTRAINT work_calendar_day_workday_on_weekend CHECK (((kind <> 'workday'::text) OR (EXTRACT(isodow FROM day) = ANY (ARRAY[(6)::numeric, (7)::numeric]))))
);

--
-- Name: work_calendar_year; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.work_calendar_year (
    year integer NOT NULL,
    county_code text,
    source text NOT NULL,
    CONSTRAINT work_calendar_year_source_check CHECK (((length(source) >= 1) AND (length(source) <= 200))),
    CONSTRAINT work_calendar_year_year_check CHECK (((year >= 2000) AND (year <= 2100)))
);

--
-- Name: work_order; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.work_order (
    id bigint NOT NULL,
    case_id bigint NOT NULL,
    unit_code text NOT NULL,
    whistle_id bigint,
    state text DEFAULT 'pending'::text NOT NULL,
    dispatched_by bigint NOT NULL,
    dispatched_at timestamp with time zone DEFAULT now() NOT NULL,
    deadline_at timestamp with time zone NOT NULL,
    arrival_deadline_at timestamp with time zone,
    signed_at timestamp with time zone,
    arrived_at timestamp with time zone,
    arrival_geom public.geometry(Point,4326),
    fed_back_at timestamp with time zone,
    feedback_note text,
    returned_reason text,
    shelved_explanation text,
    extension_status text DEFAULT 'none'::text NOT NULL,
    extension_until timestamp with time zone,
    extension_reason text,
    rework_count integer DEFAULT 0 NOT NULL,
    arrival_distance_m double precision,
    arrival_mismatch boolean DEFAULT false NOT NULL,
    assignee_account_id bigint,
    CONSTRAINT work_order_arrival_distance_m_check CHECK ((arrival_distance_m >= (0)::double precision)),
    CONSTRAINT work_order_arrival_only_for_whistles CHECK (((whistle_id IS NULL) = (arrival_deadline_at IS NULL))),
    CONSTRAINT work_order_arrived_has_time_and_place CHECK (((arrived_at IS NULL) OR (arrival_geom IS NOT NULL))),
    CONSTRAINT work_order_extension_has_date CHECK (((extension_status = 'none'::text) OR (extension_until IS NOT NULL))),
    CONSTRAINT work_order_extension_reason_check CHECK ((length(extension_reason) <= 2000)),
    CONSTRAINT work_order_extension_status_check CHECK ((extension_status = ANY (ARRAY['none'::text, 'requested'::text, 'approved'::text, 'refused'::text]))),
    CONSTRAINT work_order_fed_back_has_time CHECK (((state <> 'fed_back'::text) OR (fed_back_at IS NOT NULL))),
    CONSTRAINT work_order_feedback_note_check CHECK ((length(feedback_note) <= 2000)),
    CONSTRAINT work_order_mismatch_has_distance CHECK (((NOT arrival_mismatch) OR (arrival_distance_m IS NOT NULL))),
    CONSTRAINT work_order_returned_has_reason CHECK (((state <> 'returned'::text) OR (returned_reason IS NOT NULL))),
    CONSTRAINT work_order_returned_reason_check CHECK ((length(returned_reason) <= 2000)),
    CONSTRAINT work_order_rework_count_check CHECK ((rework_count >= 0)),
    CONSTRAINT work_order_shelved_explanation_check CHECK ((length(shelved_explanation) <= 2000)),
    CONSTRAINT work_order_shelved_has_explanation CHECK (((state <> 'shelved'::text) OR (shelved_explanation IS NOT NULL))),
    CONSTRAINT work_order_state_check CHECK ((state = ANY (ARRAY['pending'::text, 'signed'::text, 'arrived'::text, 'in_progress'::text, 'fed_back'::text, 'returned'::text, 'shelved'::text, 'withdrawn'::text])))
);

--
-- Name: work_order_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.work_order ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.work_order_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: work_period; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.work_period (
    id bigint NOT NULL,
    county_code text,
    starts_at time without time zone NOT NULL,
    ends_at time without time zone NOT NULL,
    CONSTRAINT work_period_starts_before_it_ends CHECK ((starts_at < ends_at))
);

--
-- Name: work_period_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.work_period ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.work_period_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);

--
-- Name: case_category case_category_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_category
    ADD CONSTRAINT case_category_pkey PRIMARY KEY (code);

--
-- Name: case_file case_file_idempotency_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_file
    ADD CONSTRAINT case_file_idempotency_key_key UNIQUE (idempotency_key);

--
-- Name: case_file case_file_number_unique_in_county; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_file
    ADD CONSTRAINT case_file_number_unique_in_county UNIQUE (county_code, number);

--
-- Name: case_file case_file_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_file
    ADD CONSTRAINT case_file_pkey PRIMARY KEY (id);

--
-- Name: case_file case_file_tracking_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_file
    ADD CONSTRAINT case_file_tracking_token_hash_key UNIQUE (tracking_token_hash);

--
-- Name: case_number_counter case_number_counter_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_number_counter
    ADD CONSTRAINT case_number_counter_pkey PRIMARY KEY (county_code, day);

--
-- Name: case_photo case_photo_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_photo
    ADD CONSTRAINT case_photo_pkey PRIMARY KEY (case_id, kind, "position");

--
-- Name: case_timeline case_timeline_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_timeline
    ADD CONSTRAINT case_timeline_pkey PRIMARY KEY (id);

--
-- Name: case_timeline case_timeline_request_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_timeline
    ADD CONSTRAINT case_timeline_request_key_key UNIQUE (request_key);

--
-- Name: county_declared county_declared_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.county_declared
    ADD CONSTRAINT county_declared_pkey PRIMARY KEY (code);

--
-- Name: county county_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.county
    ADD CONSTRAINT county_pkey PRIMARY KEY (code);

--
-- Name: data_protection_key data_protection_key_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.data_protection_key
    ADD CONSTRAINT data_protection_key_pkey PRIMARY KEY (id);

--
-- Name: department department_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.department
    ADD CONSTRAINT department_pkey PRIMARY KEY (code);

--
-- Name: department_unit department_unit_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.department_unit
    ADD CONSTRAINT department_unit_pkey PRIMARY KEY (code);

--
-- Name: dispatch_setting dispatch_setting_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dispatch_setting
    ADD CONSTRAINT dispatch_setting_pkey PRIMARY KEY (county_code);

--
-- Name: eval_case_fact eval_case_fact_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.eval_case_fact
    ADD CONSTRAINT eval_case_fact_pkey PRIMARY KEY (case_id);

--
-- Name: eval_order_fact eval_order_fact_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.eval_order_fact
    ADD CONSTRAINT eval_order_fact_pkey PRIMARY KEY (order_id);

--
-- Name: eval_setting eval_setting_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.eval_setting
    ADD CONSTRAINT eval_setting_pkey PRIMARY KEY (county_code);

--
-- Name: eval_snapshot eval_snapshot_once_per_month; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.eval_snapshot
    ADD CONSTRAINT eval_snapshot_once_per_month UNIQUE (county_code, month);

--
-- Name: eval_snapshot eval_snapshot_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.eval_snapshot
    ADD CONSTRAINT eval_snapshot_pkey PRIMARY KEY (id);

--
-- Name: eval_snapshot_row eval_snapshot_row_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.eval_snapshot_row
    ADD CONSTRAINT eval_snapshot_row_pkey PRIMARY KEY (snapshot_id, level, code);

--
-- Name: grid grid_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid
    ADD CONSTRAINT grid_pkey PRIMARY KEY (code);

--
-- Name: grid_reassignment grid_reassignment_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_reassignment
    ADD CONSTRAINT grid_reassignment_pkey PRIMARY KEY (id);

--
-- Name: grid_staff grid_staff_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_staff
    ADD CONSTRAINT grid_staff_pkey PRIMARY KEY (id);

--
-- Name: grid_version grid_version_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_version
    ADD CONSTRAINT grid_version_pkey PRIMARY KEY (id);

--
-- Name: household household_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.household
    ADD CONSTRAINT household_pkey PRIMARY KEY (code);

--
-- Name: household_visit household_visit_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.household_visit
    ADD CONSTRAINT household_visit_pkey PRIMARY KEY (id);

--
-- Name: household_visit household_visit_request_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.household_visit
    ADD CONSTRAINT household_visit_request_key_key UNIQUE (request_key);

--
-- Name: link_unit link_unit_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.link_unit
    ADD CONSTRAINT link_unit_pkey PRIMARY KEY (code);

--
-- Name: notification notification_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_pkey PRIMARY KEY (id);

--
-- Name: outbox_event outbox_event_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox_event
    ADD CONSTRAINT outbox_event_pkey PRIMARY KEY (id);

--
-- Name: photo photo_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.photo
    ADD CONSTRAINT photo_pkey PRIMARY KEY (sha256);

--
-- Name: routing_rule routing_rule_once_per_department; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.routing_rule
    ADD CONSTRAINT routing_rule_once_per_department UNIQUE NULLS NOT DISTINCT (county_code, kind, major_code, category_code, department_code);

--
-- Name: routing_rule routing_rule_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.routing_rule
    ADD CONSTRAINT routing_rule_pkey PRIMARY KEY (id);

--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);

--
-- Name: setup_completed setup_completed_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.setup_completed
    ADD CONSTRAINT setup_completed_pkey PRIMARY KEY (only_row);

--
-- Name: setup_token setup_token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.setup_token
    ADD CONSTRAINT setup_token_pkey PRIMARY KEY (token_sha256);

--
-- Name: sms_cursor sms_cursor_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sms_cursor
    ADD CONSTRAINT sms_cursor_pkey PRIMARY KEY (id);

--
-- Name: sms_message sms_message_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sms_message
    ADD CONSTRAINT sms_message_pkey PRIMARY KEY (event_id);

--
-- Name: staff_account staff_account_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_account
    ADD CONSTRAINT staff_account_pkey PRIMARY KEY (id);

--
-- Name: staff_account staff_account_scope_fits_role; Type: CHECK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE public.staff_account
    ADD CONSTRAINT staff_account_scope_fits_role CHECK (
CASE role
    WHEN 'county_admin'::text THEN (scope_code ~ '^[0-9]{6}$'::text)
    WHEN 'township_dispatcher'::text THEN (scope_code ~ '^[0-9]{9}$'::text)
    WHEN 'village_cadre'::text THEN (scope_code ~ '^[0-9]{12}$'::text)
    WHEN 'grid_worker'::text THEN (scope_code ~ '^[0-9]{15}$'::text)
    WHEN 'link_leader'::text THEN (scope_code ~ '^[0-9]{18}$'::text)
    ELSE ((scope_code ~ '^[0-9]{6}([0-9]{3})?-[a-z][a-z0-9]*(-[a-z0-9]+)*$'::text) AND (length(scope_code) <= 50))
END) NOT VALID;

--
-- Name: staff_account staff_account_username_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.staff_account
    ADD CONSTRAINT staff_account_username_key UNIQUE (username);

--
-- Name: supervision supervision_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision
    ADD CONSTRAINT supervision_pkey PRIMARY KEY (id);

--
-- Name: territory_revision territory_revision_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.territory_revision
    ADD CONSTRAINT territory_revision_pkey PRIMARY KEY (singleton);

--
-- Name: township township_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.township
    ADD CONSTRAINT township_pkey PRIMARY KEY (code);

--
-- Name: village village_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.village
    ADD CONSTRAINT village_pkey PRIMARY KEY (code);

--
-- Name: whistle whistle_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.whistle
    ADD CONSTRAINT whistle_pkey PRIMARY KEY (id);

--
-- Name: work_calendar_day work_calendar_day_once; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.work_calendar_day
    ADD CONSTRAINT work_calendar_day_once UNIQUE NULLS NOT DISTINCT (day, county_code);

--
-- Name: work_calendar_year work_calendar_year_once; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.work_calendar_year
    ADD CONSTRAINT work_calendar_year_once UNIQUE NULLS NOT DISTINCT (year, county_code);

--
-- Name: work_order work_order_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.work_order
    ADD CONSTRAINT work_order_pkey PRIMARY KEY (id);

--
-- Name: work_period work_period_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.work_period
    ADD CONSTRAINT work_period_pkey PRIMARY KEY (id);

--
-- Name: audit_log_actor_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_actor_at ON public.audit_log USING btree (actor_id, at DESC);

--
-- Name: audit_log_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_at ON public.audit_log USING btree (at DESC);

--
-- Name: audit_log_subject_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_subject_at ON public.audit_log USING btree (subject_kind, subject_id, at DESC);

--
-- Name: case_file_category_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_file_category_created_idx ON public.case_file USING btree (category, created_at);

--
-- Name: case_file_external_ticket_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_file_external_ticket_idx ON public.case_file USING btree (county_code, external_ticket) WHERE (external_ticket IS NOT NULL);

--
-- Name: case_file_geom_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_file_geom_idx ON public.case_file USING gist (geom);

--
-- Name: case_file_grid_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_file_grid_idx ON public.case_file USING btree (grid_code, created_at);

--
-- Name: case_file_level_since_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_file_level_since_idx ON public.case_file USING btree (level_since) WHERE (state = ANY (ARRAY['reported'::text, 'verified'::text, 'village_handling'::text]));

--
-- Name: case_file_merged_into_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_file_merged_into_idx ON public.case_file USING btree (merged_into_case_id) WHERE (merged_into_case_id IS NOT NULL);

--
-- Name: case_file_open_deadline_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_file_open_deadline_idx ON public.case_file USING btree (deadline_at) WHERE (state = ANY (ARRAY['accepted'::text, 'village_handling'::text, 'dispatched'::text, 'pending_check'::text, 'rework'::text]));

--
-- Name: case_file_reported_by_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_file_reported_by_idx ON public.case_file USING btree (reported_by_account_id, created_at) WHERE (reported_by_account_id IS NOT NULL);

--
-- Name: case_file_township_state_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_file_township_state_idx ON public.case_file USING btree (township_code, state, created_at);

--
-- Name: case_photo_sha_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_photo_sha_idx ON public.case_photo USING btree (photo_sha256);

--
-- Name: case_timeline_case_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX case_timeline_case_idx ON public.case_timeline USING btree (case_id, id);

--
-- Name: department_unit_department_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX department_unit_department_idx ON public.department_unit USING btree (department_code, county_code);

--
-- Name: department_unit_jurisdiction_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX department_unit_jurisdiction_idx ON public.department_unit USING gist (jurisdiction);

--
-- Name: eval_case_fact_due_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX eval_case_fact_due_idx ON public.eval_case_fact USING btree (county_code, due_month, grid_code) INCLUDE (township_code, village_code, counted, closed_in_month, closed_on_time, checked, reworked, handled_level, close_minutes, reporter_account_id, registrar_account_id) WHERE (due_month IS NOT NULL);

--
-- Name: eval_case_fact_rated_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX eval_case_fact_rated_idx ON public.eval_case_fact USING btree (county_code, rated_month, grid_code) INCLUDE (township_code, village_code, satisfied, resolved) WHERE (rated_month IS NOT NULL);

--
-- Name: eval_case_fact_registered_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX eval_case_fact_registered_idx ON public.eval_case_fact USING btree (county_code, registered_month, grid_code) INCLUDE (registrar_account_id) WHERE (registered_month IS NOT NULL);

--
-- Name: eval_case_fact_reported_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX eval_case_fact_reported_idx ON public.eval_case_fact USING btree (county_code, reported_month, grid_code) INCLUDE (township_code, village_code, escalated, reporter_account_id);

--
-- Name: eval_order_fact_case_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX eval_order_fact_case_idx ON public.eval_order_fact USING btree (case_id);

--
-- Name: eval_order_fact_month_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX eval_order_fact_month_idx ON public.eval_order_fact USING btree (county_code, month, grid_code) INCLUDE (township_code, village_code, counted, responded_in_time, returned, extended, sign_minutes, arrive_minutes);

--
-- Name: eval_order_fact_unit_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX eval_order_fact_unit_idx ON public.eval_order_fact USING btree (county_code, month, unit_code);

--
-- Name: grid_geom_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX grid_geom_idx ON public.grid USING gist (geom);

--
-- Name: grid_label_point_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX grid_label_point_idx ON public.grid USING gist (label_point);

--
-- Name: grid_live_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX grid_live_idx ON public.grid USING btree (village_code) WHERE (retired_at IS NULL);

--
-- Name: grid_reassignment_village_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX grid_reassignment_village_idx ON public.grid_reassignment USING btree (village_code, edited_at DESC);

--
-- Name: grid_staff_account_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX grid_staff_account_idx ON public.grid_staff USING btree (account_id) WHERE (account_id IS NOT NULL);

--
-- Name: grid_staff_grid_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX grid_staff_grid_idx ON public.grid_staff USING btree (grid_code);

--
-- Name: grid_version_grid_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX grid_version_grid_idx ON public.grid_version USING btree (grid_code, valid_to);

--
-- Name: grid_village_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX grid_village_idx ON public.grid USING btree (village_code);

--
-- Name: household_geom_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX household_geom_idx ON public.household USING gist (geom);

--
-- Name: household_grid_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX household_grid_idx ON public.household USING btree (grid_code);

--
-- Name: household_link_unit_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX household_link_unit_idx ON public.household USING btree (link_unit_code);

--
-- Name: household_retired_grid_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX household_retired_grid_idx ON public.household_retired USING btree (grid_code);

--
-- Name: household_unit_code_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX household_unit_code_idx ON public.household USING btree (link_unit_code, code);

--
-- Name: household_visit_household_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX household_visit_household_at ON public.household_visit USING btree (household_code, visited_at DESC);

--
-- Name: link_unit_geom_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX link_unit_geom_idx ON public.link_unit USING gist (geom);

--
-- Name: link_unit_grid_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX link_unit_grid_idx ON public.link_unit USING btree (grid_code);

--
-- Name: link_unit_leader_account_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX link_unit_leader_account_idx ON public.link_unit USING btree (leader_account_id) WHERE (leader_account_id IS NOT NULL);

--
-- Name: notification_recipient_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX notification_recipient_idx ON public.notification USING btree (recipient_scope, created_at DESC);

--
-- Name: outbox_event_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX outbox_event_created_idx ON public.outbox_event USING btree (created_at);

--
-- Name: outbox_event_scope_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX outbox_event_scope_idx ON public.outbox_event USING gin (scope_codes);

--
-- Name: routing_rule_category_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX routing_rule_category_idx ON public.routing_rule USING btree (kind, major_code, category_code);

--
-- Name: sms_message_case_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sms_message_case_idx ON public.sms_message USING btree (case_id);

--
-- Name: staff_account_display_name_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX staff_account_display_name_idx ON public.staff_account USING btree (display_name text_pattern_ops);

--
-- Name: staff_account_post_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX staff_account_post_idx ON public.staff_account USING btree (scope_code text_pattern_ops) INCLUDE (id, role, display_name) WHERE ((role = ANY (ARRAY['township_dispatcher'::text, 'grid_worker'::text])) AND (NOT disabled));

--
-- Name: staff_account_scope_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX staff_account_scope_idx ON public.staff_account USING btree (scope_code text_pattern_ops);

--
-- Name: supervision_due_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX supervision_due_at_idx ON public.supervision USING btree (due_at);

--
-- Name: supervision_once_per_threshold; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX supervision_once_per_threshold ON public.supervision USING btree (case_id, COALESCE(work_order_id, (0)::bigint), level);

--
-- Name: township_county_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX township_county_idx ON public.township USING btree (county_code);

--
-- Name: township_geom_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX township_geom_idx ON public.township USING gist (geom);

--
-- Name: township_label_point_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX township_label_point_idx ON public.township USING gist (label_point);

--
-- Name: village_geom_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX village_geom_idx ON public.village USING gist (geom);

--
-- Name: village_label_point_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX village_label_point_idx ON public.village USING gist (label_point);

--
-- Name: village_township_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX village_township_idx ON public.village USING btree (township_code);

--
-- Name: whistle_case_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX whistle_case_idx ON public.whistle USING btree (case_id);

--
-- Name: work_order_assignee_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX work_order_assignee_idx ON public.work_order USING btree (assignee_account_id) WHERE (assignee_account_id IS NOT NULL);

--
-- Name: work_order_awaiting_arrival_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX work_order_awaiting_arrival_idx ON public.work_order USING btree (arrival_deadline_at) WHERE ((arrival_deadline_at IS NOT NULL) AND (arrived_at IS NULL) AND (state = ANY (ARRAY['pending'::text, 'signed'::text])));

--
-- Name: work_order_case_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX work_order_case_idx ON public.work_order USING btree (case_id);

--
-- Name: work_order_live_deadline_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX work_order_live_deadline_idx ON public.work_order USING btree (deadline_at) WHERE (state = ANY (ARRAY['pending'::text, 'signed'::text, 'arrived'::text, 'in_progress'::text]));

--
-- Name: work_order_one_live_per_unit; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX work_order_one_live_per_unit ON public.work_order USING btree (case_id, unit_code) WHERE (state <> ALL (ARRAY['returned'::text, 'withdrawn'::text]));

--
-- Name: work_order_unit_state_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX work_order_unit_state_idx ON public.work_order USING btree (unit_code, state, deadline_at);

--
-- Name: work_period_county_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX work_period_county_idx ON public.work_period USING btree (county_code);

--
-- Name: audit_log audit_log_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION public.audit_log_append_only();

--
-- Name: audit_log audit_log_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION public.audit_log_append_only();

--
-- Name: case_file case_file_copy_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER case_file_copy_limit BEFORE INSERT OR UPDATE OF category ON public.case_file FOR EACH ROW EXECUTE FUNCTION public.case_file_copy_limit();

--
-- Name: case_file case_file_eval_fact; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER case_file_eval_fact AFTER INSERT ON public.case_file FOR EACH ROW EXECUTE FUNCTION public.eval_case_fact_on_report();

--
-- Name: case_timeline case_timeline_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER case_timeline_append_only BEFORE DELETE OR UPDATE ON public.case_timeline FOR EACH ROW EXECUTE FUNCTION public.case_timeline_refuse_change();

--
-- Name: case_timeline case_timeline_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER case_timeline_no_truncate BEFORE TRUNCATE ON public.case_timeline FOR EACH STATEMENT EXECUTE FUNCTION public.case_timeline_refuse_change();

--
-- Name: case_timeline case_timeline_outbox; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER case_timeline_outbox AFTER INSERT ON public.case_timeline FOR EACH ROW EXECUTE FUNCTION public.case_timeline_to_outbox();

--
-- Name: department_unit department_unit_jurisdiction_in_county; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER department_unit_jurisdiction_in_county BEFORE INSERT OR UPDATE OF jurisdiction, county_code ON public.department_unit FOR EACH ROW WHEN (((new.jurisdiction IS NOT NULL) AND (new.township_code IS NULL))) EXECUTE FUNCTION public.department_unit_jurisdiction_in_county();

--
-- Name: eval_snapshot eval_snapshot_frozen; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER eval_snapshot_frozen BEFORE DELETE OR UPDATE ON public.eval_snapshot FOR EACH ROW EXECUTE FUNCTION public.eval_snapshot_only_publish();

--
-- Name: eval_snapshot_row eval_snapshot_row_frozen; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER eval_snapshot_row_frozen BEFORE DELETE OR UPDATE ON public.eval_snapshot_row FOR EACH ROW EXECUTE FUNCTION public.eval_snapshot_row_refuse_change();

--
-- Name: grid grid_inside_parent; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER grid_inside_parent BEFORE INSERT OR UPDATE OF geom, village_code ON public.grid FOR EACH ROW EXECUTE FUNCTION public.territory_child_inside_parent();

--
-- Name: grid grid_keep_history; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER grid_keep_history BEFORE UPDATE OF geom ON public.grid FOR EACH ROW EXECUTE FUNCTION public.grid_keep_history();

--
-- Name: grid grid_no_overlap; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER grid_no_overlap AFTER INSERT OR UPDATE OF geom, retired_at ON public.grid DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.grid_no_overlap();

--
-- Name: grid_staff grid_staff_account_fits; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER grid_staff_account_fits BEFORE INSERT OR UPDATE OF account_id, grid_code, role ON public.grid_staff FOR EACH ROW WHEN ((new.account_id IS NOT NULL)) EXECUTE FUNCTION public.grid_staff_account_fits();

--
-- Name: link_unit link_unit_leader_account_fits; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER link_unit_leader_account_fits BEFORE INSERT OR UPDATE OF leader_account_id, leader_household_code ON public.link_unit FOR EACH ROW WHEN ((new.leader_account_id IS NOT NULL)) EXECUTE FUNCTION public.link_unit_leader_account_fits();

--
-- Name: staff_account staff_account_links_follow; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER staff_account_links_follow AFTER UPDATE OF role, scope_code ON public.staff_account FOR EACH ROW WHEN (((old.role IS DISTINCT FROM new.role) OR (old.scope_code IS DISTINCT FROM new.scope_code))) EXECUTE FUNCTION public.staff_account_links_follow();

--
-- Name: staff_account staff_account_notify_signout; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER staff_account_notify_signout AFTER DELETE OR UPDATE ON public.staff_account FOR EACH ROW EXECUTE FUNCTION public.staff_account_notify_signout();

--
-- Name: staff_account staff_account_rotate_stamp; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER staff_account_rotate_stamp BEFORE UPDATE OF role, scope_code, disabled ON public.staff_account FOR EACH ROW EXECUTE FUNCTION public.staff_account_rotate_stamp();

--
-- Name: staff_account staff_account_scope_exists; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER staff_account_scope_exists AFTER INSERT OR UPDATE OF role, scope_code ON public.staff_account FOR EACH ROW EXECUTE FUNCTION public.staff_account_scope_exists();

--
-- Name: township township_deleted_sync_department_units; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER township_deleted_sync_department_units AFTER DELETE ON public.township REFERENCING OLD TABLE AS changed_townships FOR EACH STATEMENT EXECUTE FUNCTION public.township_sync_department_units();

--
-- Name: township township_inserted_sync_department_units; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER township_inserted_sync_department_units AFTER INSERT ON public.township REFERENCING NEW TABLE AS changed_townships FOR EACH STATEMENT EXECUTE FUNCTION public.township_sync_department_units();

--
-- Name: township township_inside_parent; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER township_inside_parent BEFORE INSERT OR UPDATE OF geom, county_code ON public.township FOR EACH ROW EXECUTE FUNCTION public.territory_child_inside_parent();

--
-- Name: township township_updated_sync_department_units; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER township_updated_sync_department_units AFTER UPDATE ON public.township REFERENCING NEW TABLE AS changed_townships FOR EACH STATEMENT EXECUTE FUNCTION public.township_sync_department_units();

--
-- Name: village village_inside_parent; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER village_inside_parent BEFORE INSERT OR UPDATE OF geom, township_code ON public.village FOR EACH ROW EXECUTE FUNCTION public.territory_child_inside_parent();

--
-- Name: work_period work_period_no_overlap; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER work_period_no_overlap BEFORE INSERT OR UPDATE ON public.work_period FOR EACH ROW EXECUTE FUNCTION public.work_period_refuse_overlap();

--
-- Name: audit_log audit_log_actor_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES public.staff_account(id);

--
-- Name: case_file case_file_category_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_file
    ADD CONSTRAINT case_file_category_fkey FOREIGN KEY (category) REFERENCES public.case_category(code);

--
-- Name: case_file case_file_county_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_file
    ADD CONSTRAINT case_file_county_code_fkey FOREIGN KEY (county_code) REFERENCES public.county(code);

--
-- Name: case_file case_file_grid_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_file
    ADD CONSTRAINT case_file_grid_code_fkey FOREIGN KEY (grid_code) REFERENCES public.grid(code);

--
-- Name: case_file case_file_merged_into_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_file
    ADD CONSTRAINT case_file_merged_into_case_id_fkey FOREIGN KEY (merged_into_case_id) REFERENCES public.case_file(id);

--
-- Name: case_file case_file_on_behalf_household_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_file
    ADD CONSTRAINT case_file_on_behalf_household_code_fkey FOREIGN KEY (on_behalf_household_code) REFERENCES public.household(code) ON UPDATE CASCADE;

--
-- Name: case_file case_file_reported_by_account_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_file
    ADD CONSTRAINT case_file_reported_by_account_id_fkey FOREIGN KEY (reported_by_account_id) REFERENCES public.staff_account(id);

--
-- Name: case_file case_file_township_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_file
    ADD CONSTRAINT case_file_township_code_fkey FOREIGN KEY (township_code) REFERENCES public.township(code);

--
-- Name: case_file case_file_village_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_file
    ADD CONSTRAINT case_file_village_code_fkey FOREIGN KEY (village_code) REFERENCES public.village(code);

--
-- Name: case_number_counter case_number_counter_county_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_number_counter
    ADD CONSTRAINT case_number_counter_county_code_fkey FOREIGN KEY (county_code) REFERENCES public.county(code);

--
-- Name: case_photo case_photo_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_photo
    ADD CONSTRAINT case_photo_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_file(id);

--
-- Name: case_photo case_photo_photo_sha256_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_photo
    ADD CONSTRAINT case_photo_photo_sha256_fkey FOREIGN KEY (photo_sha256) REFERENCES public.photo(sha256);

--
-- Name: case_timeline case_timeline_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_timeline
    ADD CONSTRAINT case_timeline_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_file(id);

--
-- Name: case_timeline case_timeline_work_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.case_timeline
    ADD CONSTRAINT case_timeline_work_order_id_fkey FOREIGN KEY (work_order_id) REFERENCES public.work_order(id);

--
-- Name: department_unit department_unit_county_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.department_unit
    ADD CONSTRAINT department_unit_county_code_fkey FOREIGN KEY (county_code) REFERENCES public.county(code);

--
-- Name: department_unit department_unit_department_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.department_unit
    ADD CONSTRAINT department_unit_department_code_fkey FOREIGN KEY (department_code) REFERENCES public.department(code);

--
-- Name: department_unit department_unit_township_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.department_unit
    ADD CONSTRAINT department_unit_township_code_fkey FOREIGN KEY (township_code) REFERENCES public.township(code) ON DELETE SET NULL;

--
-- Name: dispatch_setting dispatch_setting_county_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dispatch_setting
    ADD CONSTRAINT dispatch_setting_county_code_fkey FOREIGN KEY (county_code) REFERENCES public.county(code);

--
-- Name: eval_case_fact eval_case_fact_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.eval_case_fact
    ADD CONSTRAINT eval_case_fact_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_file(id);

--
-- Name: eval_order_fact eval_order_fact_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.eval_order_fact
    ADD CONSTRAINT eval_order_fact_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_file(id);

--
-- Name: eval_order_fact eval_order_fact_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.eval_order_fact
    ADD CONSTRAINT eval_order_fact_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.work_order(id);

--
-- Name: eval_setting eval_setting_county_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.eval_setting
    ADD CONSTRAINT eval_setting_county_code_fkey FOREIGN KEY (county_code) REFERENCES public.county(code);

--
-- Name: eval_snapshot eval_snapshot_county_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.eval_snapshot
    ADD CONSTRAINT eval_snapshot_county_code_fkey FOREIGN KEY (county_code) REFERENCES public.county(code);

--
-- Name: eval_snapshot eval_snapshot_published_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.eval_snapshot
    ADD CONSTRAINT eval_snapshot_published_by_fkey FOREIGN KEY (published_by) REFERENCES public.staff_account(id);

--
-- Name: eval_snapshot_row eval_snapshot_row_snapshot_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.eval_snapshot_row
    ADD CONSTRAINT eval_snapshot_row_snapshot_id_fkey FOREIGN KEY (snapshot_id) REFERENCES public.eval_snapshot(id);

--
-- Name: grid_reassignment grid_reassignment_from_grid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_reassignment
    ADD CONSTRAINT grid_reassignment_from_grid_fkey FOREIGN KEY (from_grid) REFERENCES public.grid(code);

--
-- Name: grid_reassignment grid_reassignment_to_grid_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_reassignment
    ADD CONSTRAINT grid_reassignment_to_grid_fkey FOREIGN KEY (to_grid) REFERENCES public.grid(code);

--
-- Name: grid_reassignment grid_reassignment_village_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_reassignment
    ADD CONSTRAINT grid_reassignment_village_code_fkey FOREIGN KEY (village_code) REFERENCES public.village(code);

--
-- Name: grid_staff grid_staff_account_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_staff
    ADD CONSTRAINT grid_staff_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.staff_account(id);

--
-- Name: grid_staff grid_staff_grid_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_staff
    ADD CONSTRAINT grid_staff_grid_code_fkey FOREIGN KEY (grid_code) REFERENCES public.grid(code) ON DELETE CASCADE;

--
-- Name: grid grid_successor_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid
    ADD CONSTRAINT grid_successor_code_fkey FOREIGN KEY (successor_code) REFERENCES public.grid(code);

--
-- Name: grid_version grid_version_grid_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid_version
    ADD CONSTRAINT grid_version_grid_code_fkey FOREIGN KEY (grid_code) REFERENCES public.grid(code);

--
-- Name: grid grid_village_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.grid
    ADD CONSTRAINT grid_village_code_fkey FOREIGN KEY (village_code) REFERENCES public.village(code);

--
-- Name: household household_grid_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.household
    ADD CONSTRAINT household_grid_code_fkey FOREIGN KEY (grid_code) REFERENCES public.grid(code);

--
-- Name: household household_link_unit_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.household
    ADD CONSTRAINT household_link_unit_code_fkey FOREIGN KEY (link_unit_code) REFERENCES public.link_unit(code);

--
-- Name: household_retired household_retired_retired_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.household_retired
    ADD CONSTRAINT household_retired_retired_by_fkey FOREIGN KEY (retired_by) REFERENCES public.staff_account(id);

--
-- Name: household_visit household_visit_account_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.household_visit
    ADD CONSTRAINT household_visit_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.staff_account(id);

--
-- Name: household_visit household_visit_household_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.household_visit
    ADD CONSTRAINT household_visit_household_code_fkey FOREIGN KEY (household_code) REFERENCES public.household(code);

--
-- Name: link_unit link_unit_grid_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.link_unit
    ADD CONSTRAINT link_unit_grid_code_fkey FOREIGN KEY (grid_code) REFERENCES public.grid(code);

--
-- Name: link_unit link_unit_leader_account_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.link_unit
    ADD CONSTRAINT link_unit_leader_account_id_fkey FOREIGN KEY (leader_account_id) REFERENCES public.staff_account(id);

--
-- Name: link_unit link_unit_leader_in_unit; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.link_unit
    ADD CONSTRAINT link_unit_leader_in_unit FOREIGN KEY (code, leader_household_code) REFERENCES public.household(link_unit_code, code) DEFERRABLE INITIALLY DEFERRED;

--
-- Name: notification notification_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_file(id);

--
-- Name: notification notification_work_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notification
    ADD CONSTRAINT notification_work_order_id_fkey FOREIGN KEY (work_order_id) REFERENCES public.work_order(id);

--
-- Name: outbox_event outbox_event_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox_event
    ADD CONSTRAINT outbox_event_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_file(id);

--
-- Name: outbox_event outbox_event_work_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox_event
    ADD CONSTRAINT outbox_event_work_order_id_fkey FOREIGN KEY (work_order_id) REFERENCES public.work_order(id);

--
-- Name: routing_rule routing_rule_category_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.routing_rule
    ADD CONSTRAINT routing_rule_category_code_fkey FOREIGN KEY (category_code) REFERENCES public.case_category(code);

--
-- Name: routing_rule routing_rule_county_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.routing_rule
    ADD CONSTRAINT routing_rule_county_code_fkey FOREIGN KEY (county_code) REFERENCES public.county(code);

--
-- Name: routing_rule routing_rule_department_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.routing_rule
    ADD CONSTRAINT routing_rule_department_code_fkey FOREIGN KEY (department_code) REFERENCES public.department(code);

--
-- Name: setup_completed setup_completed_account_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.setup_completed
    ADD CONSTRAINT setup_completed_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.staff_account(id);

--
-- Name: sms_message sms_message_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sms_message
    ADD CONSTRAINT sms_message_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_file(id);

--
-- Name: supervision supervision_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision
    ADD CONSTRAINT supervision_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_file(id);

--
-- Name: supervision supervision_work_order_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.supervision
    ADD CONSTRAINT supervision_work_order_id_fkey FOREIGN KEY (work_order_id) REFERENCES public.work_order(id);

--
-- Name: township township_county_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.township
    ADD CONSTRAINT township_county_code_fkey FOREIGN KEY (county_code) REFERENCES public.county(code);

--
-- Name: village village_township_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.village
    ADD CONSTRAINT village_township_code_fkey FOREIGN KEY (township_code) REFERENCES public.township(code);

--
-- Name: whistle whistle_blown_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.whistle
    ADD CONSTRAINT whistle_blown_by_fkey FOREIGN KEY (blown_by) REFERENCES public.staff_account(id);

--
-- Name: whistle whistle_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.whistle
    ADD CONSTRAINT whistle_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_file(id);

--
-- Name: work_calendar_day work_calendar_day_county_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.work_calendar_day
    ADD CONSTRAINT work_calendar_day_county_code_fkey FOREIGN KEY (county_code) REFERENCES public.county(code);

--
-- Name: work_calendar_year work_calendar_year_county_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.work_calendar_year
    ADD CONSTRAINT work_calendar_year_county_code_fkey FOREIGN KEY (county_code) REFERENCES public.county(code);

--
-- Name: work_order work_order_assignee_account_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.work_order
    ADD CONSTRAINT work_order_assignee_account_id_fkey FOREIGN KEY (assignee_account_id) REFERENCES public.staff_account(id);

--
-- Name: work_order work_order_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.work_order
    ADD CONSTRAINT work_order_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.case_file(id);

--
-- Name: work_order work_order_dispatched_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.work_order
    ADD CONSTRAINT work_order_dispatched_by_fkey FOREIGN KEY (dispatched_by) REFERENCES public.staff_account(id);

--
-- Name: work_order work_order_unit_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.work_order
    ADD CONSTRAINT work_order_unit_code_fkey FOREIGN KEY (unit_code) REFERENCES public.department_unit(code);

--
-- Name: work_order work_order_whistle_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.work_order
    ADD CONSTRAINT work_order_whistle_id_fkey FOREIGN KEY (whistle_id) REFERENCES public.whistle(id);

--
-- Name: work_period work_period_county_code_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.work_period
    ADD CONSTRAINT work_period_county_code_fkey FOREIGN KEY (county_code) REFERENCES public.county(code);

--
-- PostgreSQL database dump complete
--
