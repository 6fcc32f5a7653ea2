-- First-run setup (issue 12): a fresh installation has no account, so the first county administrator is created in the
-- browser at /setup with a token the app writes to its log at start-up. The token is kept here only as its SHA-256, so
-- reading the database does not give it away; every instance that starts while setup is open adds its own.
CREATE TABLE setup_token (
    token_sha256  bytea PRIMARY KEY CHECK (length(token_sha256) = 32),
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- One row, written by the setup that created the first county administrator: from then on /setup is closed for good, even
-- if that account is later disabled or renamed.
CREATE TABLE setup_completed (
    only_row      boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    completed_at  timestamptz NOT NULL DEFAULT now(),
    account_id    bigint NOT NULL REFERENCES staff_account (id)
);

-- A county named at setup whose territory has not been imported yet: its administrator exists before the county row (which
-- needs a boundary). The territory import of that county removes its row here.
CREATE TABLE county_declared (
    code         text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    declared_at  timestamptz NOT NULL DEFAULT now()
);

-- The scope of a county administrator may also be a declared county (the rest as in migration 0006).
CREATE OR REPLACE FUNCTION staff_account_scope_exists() RETURNS trigger LANGUAGE plpgsql AS $$
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
