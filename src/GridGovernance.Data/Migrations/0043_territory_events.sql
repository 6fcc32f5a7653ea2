-- Territory events (issue 12): a grid edit is published through the same outbox as case changes, so that maps already open
-- (the dispatcher's /dispatch) re-read their grids at once, on every instance, with the same ordering, catch-up and retention
-- as every other live event. Such an event belongs to no case: case_id is NULL and its type is territory.{what}.
-- The payload carries codes and the territory revision only (no names, no people), the scope codes the county, township and
-- village of the edit and the grids it touched, so exactly the staff who may see that ground hear it.

ALTER TABLE outbox_event ALTER COLUMN case_id DROP NOT NULL;
ALTER TABLE outbox_event ADD CONSTRAINT outbox_event_case_or_territory
    CHECK (case_id IS NOT NULL OR type LIKE 'territory.%');

-- Writes one territory event in the caller's transaction, under the outbox's ordering lock (migration 0012: taken at the
-- writer's last step and held to COMMIT, so events commit in id order), and announces it on commit like any other.
CREATE FUNCTION publish_territory_event(event_type text, scope_codes text[], payload jsonb) RETURNS bigint
LANGUAGE plpgsql AS $$
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
