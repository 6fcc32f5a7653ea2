-- The outbox (issue 5): every state change of a case writes a timeline entry, and this trigger turns each entry into an event
-- IN THE SAME TRANSACTION, with the territory and unit codes that may see it and a payload without personal data. On commit
-- pg_notify carries the event id to every app instance that LISTENs; a client that missed some asks GET /api/events?after=id.

CREATE TABLE outbox_event (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type           text NOT NULL,
    case_id        bigint NOT NULL REFERENCES case_file (id),
    work_order_id  bigint REFERENCES work_order (id),
    -- county, township, village and grid codes of the case, and the units holding a live order on it.
    scope_codes    text[] NOT NULL,
    payload        jsonb NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_event_scope_idx ON outbox_event USING gin (scope_codes);
CREATE INDEX outbox_event_created_idx ON outbox_event (created_at);

CREATE FUNCTION case_timeline_to_outbox() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    c          case_file;
    units      text[];
    event_id   bigint;
BEGIN
    -- Events must become visible in id order, or a client reading "after id N" could skip an id that commits later. Writers
    -- take this lock at their last step and hold it to COMMIT, so event ids commit in order; the wait is one commit long.
    PERFORM pg_advisory_xact_lock(7426001);
    SELECT * INTO c FROM case_file WHERE id = NEW.case_id;
    SELECT coalesce(array_agg(DISTINCT o.unit_code), '{}') INTO units
    FROM work_order o WHERE o.case_id = NEW.case_id AND (o.state NOT IN ('returned', 'withdrawn') OR o.id = NEW.work_order_id);
    INSERT INTO outbox_event (type, case_id, work_order_id, scope_codes, payload)
    VALUES ('case.' || NEW.action, NEW.case_id, NEW.work_order_id,
            ARRAY[c.county_code, c.township_code, c.village_code, c.grid_code] || units,
            jsonb_build_object(
                'caseId', c.id, 'number', c.number, 'action', NEW.action, 'state', c.state, 'stateBefore', NEW.state_before,
                'category', c.category, 'gridCode', c.grid_code, 'workOrderId', NEW.work_order_id,
                'lng', ST_X(c.geom), 'lat', ST_Y(c.geom), 'at', NEW.at))
    RETURNING id INTO event_id;
    PERFORM pg_notify('gridgov_events', event_id::text);
    RETURN NULL;
END
$$;
CREATE TRIGGER case_timeline_outbox AFTER INSERT ON case_timeline FOR EACH ROW EXECUTE FUNCTION case_timeline_to_outbox();
