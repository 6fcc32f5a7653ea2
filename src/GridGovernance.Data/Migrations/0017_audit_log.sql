-- The audit trail: every administrative change and every view of a person's full phone number or household card, with
-- who, when, what, and (for changes) the values before and after. Rows are written in the same transaction as the change
-- they record, so a change without its row cannot exist. Append-only: the table refuses UPDATE, DELETE and TRUNCATE for
-- everyone, the app included; mistakes are corrected by a later row, never by editing history.
CREATE TABLE audit_log (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT now(),
    -- The staff account that acted; NULL for the system (a scheduled job, an import run from the command line).
    actor_id      bigint REFERENCES staff_account (id),
    -- Kept as written at the time: an account renamed later must not rewrite who did what.
    actor_name    text NOT NULL CHECK (length(actor_name) BETWEEN 1 AND 100),
    -- Dotted English verb, e.g. account.create, unit.update, phone.reveal, household.card.view.
    action        text NOT NULL CHECK (action ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$'),
    subject_kind  text NOT NULL CHECK (subject_kind ~ '^[a-z][a-z0-9_]*$'),
    subject_id    text NOT NULL CHECK (length(subject_id) BETWEEN 1 AND 100),
    -- What a person reads in /admin/audit, in Chinese; never a secret (a password, a token) and never a full phone number.
    summary       text NOT NULL CHECK (length(summary) BETWEEN 1 AND 500),
    before        jsonb,
    after         jsonb
);

CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_actor_at ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_subject_at ON audit_log (subject_kind, subject_id, at DESC);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '审计记录只能追加，不能修改或删除' USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
