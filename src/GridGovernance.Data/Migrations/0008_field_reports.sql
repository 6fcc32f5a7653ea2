-- Field reports (网格员 on patrol, 联户长 on behalf of a household) and idempotent staff actions on a case.

-- Who entered a staff-channel report: they keep seeing the case they reported even when its position lies in another grid
-- (a 联户长's 18-digit scope never prefixes a grid code, so this is how a 联户长 sees their own reports at all).
ALTER TABLE case_file ADD COLUMN reported_by_account_id bigint REFERENCES staff_account (id);
-- The household a 联户长 reported for (十联户: the leader speaks for the households of the unit).
ALTER TABLE case_file ADD COLUMN on_behalf_household_code text REFERENCES household (code);
ALTER TABLE case_file ADD CONSTRAINT case_file_on_behalf_only_by_link_leader
    CHECK (on_behalf_household_code IS NULL OR source = 'link_leader');
CREATE INDEX case_file_reported_by_idx ON case_file (reported_by_account_id, created_at) WHERE reported_by_account_id IS NOT NULL;

-- A staff action sent twice (a double tap, a retry on a weak link) must land once: the form carries a key, the timeline entry
-- keeps it, and the second attempt finds the first instead of being refused as an illegal move from the new state.
ALTER TABLE case_timeline ADD COLUMN request_key text UNIQUE CHECK (request_key ~ '^[A-Za-z0-9_-]{8,100}$');
