-- Live updates for the 联户长 (十联户 leader): an event of a case the leader may see also carries the code of their link unit,
-- so the leader's /field/cases page can follow the group scope:{unit code} (LiveGroups lets a 联户长 join exactly that code).
--
-- Which cases belong to a unit — the rule of the leader's own case list (FieldCaseQueries.Visible), not a second one:
-- a 联户长's 18-digit scope never prefixes a grid code, so the only cases a 联户长 sees are those reported_by_account_id
-- names them for (migration 0008). So the unit code an event carries is the scope_code of the account that reported the case,
-- when that account is a 联户长 (role link_leader) — read when the event is written, as the list reads the account when it
-- is shown. Cases reported by anyone else (residents, grid workers, 12345) carry no unit code: no 联户长 sees them.
-- Consequence to know: two 联户长 accounts on one unit (a successor next to a predecessor) share the unit's group, so each
-- hears the events (payload without personal data) of the other's reports, which their own list does not show.
--
-- Everything else stays as migration 0012 wrote it: the lock, the payload, the notify; the unit code is appended after the
-- department unit codes, so events of every other case have exactly the scope codes they had.

CREATE OR REPLACE FUNCTION case_timeline_to_outbox() RETURNS trigger
LANGUAGE plpgsql AS $$
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
