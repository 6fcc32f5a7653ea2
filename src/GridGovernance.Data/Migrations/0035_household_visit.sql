-- 走访: a grid worker or 联户长 records that they visited a household of their grid or unit (/field/households). Append-only,
-- like the timeline: the list shows each household's last visit, and the record stays. No notes about the people here: a
-- visit is who, which household, when.
CREATE TABLE household_visit (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    household_code  text NOT NULL REFERENCES household (code),
    account_id      bigint NOT NULL REFERENCES staff_account (id),
    visited_at      timestamptz NOT NULL DEFAULT now(),
    request_key     text NOT NULL UNIQUE CHECK (request_key ~ '^[A-Za-z0-9_-]{8,100}$')
);
CREATE INDEX household_visit_household_at ON household_visit (household_code, visited_at DESC);
