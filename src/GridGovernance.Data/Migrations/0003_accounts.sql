-- Staff accounts (login, role, territorial scope) and the shared ASP.NET Core data-protection key ring.

CREATE TABLE staff_account (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Stored lower-case so that "Admin" and "admin" cannot be two accounts; the app lower-cases what people type.
    username             text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{1,31}$'),
    display_name         text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
    role                 text NOT NULL CHECK (role IN ('county_admin', 'township_dispatcher', 'village_cadre', 'grid_worker',
                                                       'link_leader', 'department_staff')),
    -- The territory code the account serves (county 6 / township 9 / village 12 / grid 15 / link unit 18 digits), or for
    -- department staff a department code (free text until departments arrive with issue 4).
    scope_code           text NOT NULL,
    phone                text CHECK (phone ~ '^1[3-9][0-9]{9}$'),
    password_hash        text NOT NULL,
    failed_attempts      int NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    locked_until         timestamptz,
    -- Rotated on every password change: cookies carrying an older stamp stop working on their next request.
    security_stamp       uuid NOT NULL DEFAULT gen_random_uuid(),
    password_changed_at  timestamptz NOT NULL DEFAULT now(),
    disabled             boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT staff_account_scope_fits_role CHECK (CASE role
        WHEN 'county_admin'        THEN scope_code ~ '^[0-9]{6}$'
        WHEN 'township_dispatcher' THEN scope_code ~ '^[0-9]{9}$'
        WHEN 'village_cadre'       THEN scope_code ~ '^[0-9]{12}$'
        WHEN 'grid_worker'         THEN scope_code ~ '^[0-9]{15}$'
        WHEN 'link_leader'         THEN scope_code ~ '^[0-9]{18}$'
        ELSE length(scope_code) BETWEEN 1 AND 50 AND scope_code = btrim(scope_code) END)
);

CREATE INDEX staff_account_scope_idx ON staff_account (scope_code text_pattern_ops);

-- (AFTER, so that a malformed code is reported by the CHECK above first.)
-- A territorial scope must name a territory that exists when the account is created or re-scoped (a foreign key per level
-- would need five nullable columns; the territory can later be redrawn, which is the territory editor's business).
CREATE FUNCTION staff_account_scope_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    found boolean;
BEGIN
    found := CASE NEW.role
        WHEN 'county_admin'        THEN EXISTS (SELECT 1 FROM county    WHERE code = NEW.scope_code)
        WHEN 'township_dispatcher' THEN EXISTS (SELECT 1 FROM township  WHERE code = NEW.scope_code)
        WHEN 'village_cadre'       THEN EXISTS (SELECT 1 FROM village   WHERE code = NEW.scope_code)
        WHEN 'grid_worker'         THEN EXISTS (SELECT 1 FROM grid      WHERE code = NEW.scope_code)
        WHEN 'link_leader'         THEN EXISTS (SELECT 1 FROM link_unit WHERE code = NEW.scope_code)
        ELSE true END;
    IF NOT found THEN
        RAISE EXCEPTION USING
            ERRCODE = 'foreign_key_violation',
            MESSAGE = format('账号 %s 的管辖范围 %s 不存在', NEW.username, NEW.scope_code),
            CONSTRAINT = 'staff_account_scope_exists';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER staff_account_scope_exists
    AFTER INSERT OR UPDATE OF role, scope_code ON staff_account
    FOR EACH ROW EXECUTE FUNCTION staff_account_scope_exists();

-- ASP.NET Core data-protection keys (cookie encryption, antiforgery, reporter-phone encryption), shared by every app
-- instance and kept across restarts.
CREATE TABLE data_protection_key (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name  text,
    xml            text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
