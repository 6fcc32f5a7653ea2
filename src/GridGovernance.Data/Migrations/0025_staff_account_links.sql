-- The territory's people linked to their accounts (issue 12): a grid's 网格长/网格员 (grid_staff) and a 十联户 unit's
-- 联户长 (link_unit.leader_household_code) are territory data — names and phones from the county's files — while the
-- person who signs in is a staff_account. Each may be linked to the account that person uses, so the administration can
-- show who has an account (已关联账号) and who has none yet (未开通账号).
--
-- The account must fit the post, one rule, here (staff_link_fits; the app asks it and describes a refusal in Chinese):
--   网格员 (grid_staff.role grid_worker): a grid_worker account of that grid;
--   网格长 (grid_head): a grid_worker account of that grid, or a village_cadre account of its village (网格长 are often
--            members of the village's branch);
--   联户长 (link_unit): a link_leader account of that unit (the scope a 联户长 account already has).
-- One account serves one post. An account given another role or scope leaves the posts it no longer fits, and a unit's
-- link leaves with its 联户长 (a new leader household is another person); whoever writes, the triggers below keep it so.

CREATE FUNCTION staff_link_fits(post text, place_code text, account_role text, account_scope text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE post
        WHEN 'grid_worker' THEN account_role = 'grid_worker' AND account_scope = place_code
        WHEN 'grid_head'   THEN (account_role = 'grid_worker' AND account_scope = place_code)
                             OR (account_role = 'village_cadre' AND account_scope = left(place_code, 12))
        WHEN 'link_leader' THEN account_role = 'link_leader' AND account_scope = place_code
        ELSE false END $$;

ALTER TABLE grid_staff ADD COLUMN account_id bigint REFERENCES staff_account (id);
CREATE UNIQUE INDEX grid_staff_account_idx ON grid_staff (account_id) WHERE account_id IS NOT NULL;

ALTER TABLE link_unit ADD COLUMN leader_account_id bigint REFERENCES staff_account (id);
CREATE UNIQUE INDEX link_unit_leader_account_idx ON link_unit (leader_account_id) WHERE leader_account_id IS NOT NULL;

-- A person may hold one post with an account: not 网格员 here and 联户长 there.
CREATE FUNCTION staff_link_account_free(account bigint, own_grid_staff bigint, own_unit text) RETURNS boolean
LANGUAGE sql STABLE
AS $$ SELECT NOT EXISTS (SELECT 1 FROM grid_staff WHERE account_id = account AND id IS DISTINCT FROM own_grid_staff)
         AND NOT EXISTS (SELECT 1 FROM link_unit WHERE leader_account_id = account AND code IS DISTINCT FROM own_unit) $$;

CREATE FUNCTION grid_staff_account_fits() RETURNS trigger LANGUAGE plpgsql AS $$
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
-- (WHEN: an import of thousands of rows without accounts runs no function.)
CREATE TRIGGER grid_staff_account_fits BEFORE INSERT OR UPDATE OF account_id, grid_code, role ON grid_staff
    FOR EACH ROW WHEN (NEW.account_id IS NOT NULL) EXECUTE FUNCTION grid_staff_account_fits();

CREATE FUNCTION link_unit_leader_account_fits() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER link_unit_leader_account_fits BEFORE INSERT OR UPDATE OF leader_account_id, leader_household_code ON link_unit
    FOR EACH ROW WHEN (NEW.leader_account_id IS NOT NULL) EXECUTE FUNCTION link_unit_leader_account_fits();

-- An account re-scoped or given another role leaves the posts it no longer fits (the app notes it in the change's audit row).
CREATE FUNCTION staff_account_links_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE grid_staff SET account_id = NULL
    WHERE account_id = NEW.id AND NOT staff_link_fits(role, grid_code, NEW.role, NEW.scope_code);
    UPDATE link_unit SET leader_account_id = NULL
    WHERE leader_account_id = NEW.id AND NOT staff_link_fits('link_leader', code, NEW.role, NEW.scope_code);
    RETURN NULL;
END $$;
CREATE TRIGGER staff_account_links_follow AFTER UPDATE OF role, scope_code ON staff_account
    FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.scope_code IS DISTINCT FROM NEW.scope_code)
    EXECUTE FUNCTION staff_account_links_follow();
