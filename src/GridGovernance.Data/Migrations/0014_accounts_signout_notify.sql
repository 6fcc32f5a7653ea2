-- Signing an account out everywhere, at once. The login cookie carries the account's role, scope and security stamp, and
-- every HTTP request re-checks the stamp (and the disabled flag); an open live (SignalR) connection is never re-checked by
-- that, so each app instance is told here, on commit, which account changed (channel gridgov_accounts, payload the id),
-- and closes that account's live connections whose stamp is no longer current.

-- A cookie issued before a change of role or scope would keep the old role and scope as claims while its stamp still
-- matched: such a change, and disabling, rotate the stamp, exactly as a password change does (a re-enabled account does
-- not bring its old sessions back). A statement that sets a new stamp itself keeps it.
CREATE FUNCTION staff_account_rotate_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.role IS DISTINCT FROM OLD.role OR NEW.scope_code IS DISTINCT FROM OLD.scope_code OR (NEW.disabled AND NOT OLD.disabled))
       AND NEW.security_stamp = OLD.security_stamp THEN
        NEW.security_stamp := gen_random_uuid();
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER staff_account_rotate_stamp
    BEFORE UPDATE OF role, scope_code, disabled ON staff_account
    FOR EACH ROW EXECUTE FUNCTION staff_account_rotate_stamp();

-- pg_notify is transactional: the instances hear it only if, and when, the change commits.
CREATE FUNCTION staff_account_notify_signout() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('gridgov_accounts', OLD.id::text);
    ELSIF NEW.security_stamp <> OLD.security_stamp OR NEW.disabled <> OLD.disabled THEN
        PERFORM pg_notify('gridgov_accounts', NEW.id::text);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER staff_account_notify_signout
    AFTER UPDATE OR DELETE ON staff_account
    FOR EACH ROW EXECUTE FUNCTION staff_account_notify_signout();
