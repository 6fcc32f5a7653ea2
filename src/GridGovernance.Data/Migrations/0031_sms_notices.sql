-- SMS progress notices to residents who left a phone (GridGov:Sms, Features/Notices). The sender reads the outbox after its
-- cursor: one row, locked (FOR UPDATE) by the instance that sends, so several instances never send one event twice. It starts
-- at the newest event of the day this migration ran: nothing that happened before is sent.
CREATE TABLE sms_cursor (
    id            integer PRIMARY KEY CHECK (id = 1),
    last_event_id bigint NOT NULL
);
INSERT INTO sms_cursor (id, last_event_id) VALUES (1, coalesce((SELECT max(id) FROM outbox_event), 0));

-- One row per SMS handed to the provider: which event of which case, and the provider's answer. No phone and no text here
-- (the text holds the private tracking link).
CREATE TABLE sms_message (
    event_id    bigint PRIMARY KEY,
    case_id     bigint NOT NULL REFERENCES case_file (id),
    event_type  text NOT NULL,
    sent_at     timestamptz NOT NULL DEFAULT now(),
    accepted    boolean NOT NULL,
    http_status integer
);
CREATE INDEX sms_message_case_idx ON sms_message (case_id);
