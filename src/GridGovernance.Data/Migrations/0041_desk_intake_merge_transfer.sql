-- Intake at the desk (issue 14): a phone call (电话) or a 12345 ticket entered by the dispatcher, duplicates merged into one
-- case, and cases passed to another township of the county (转办).

-- 电话: a call taken at the township's desk. 12345 tickets keep their source 'hotline' and now their ticket number.
ALTER TABLE case_file DROP CONSTRAINT case_file_source_check;
ALTER TABLE case_file ADD CONSTRAINT case_file_source_check
    CHECK (source IN ('qr', 'grid_worker', 'link_leader', 'hotline', 'external', 'phone'));
ALTER TABLE case_file ADD COLUMN external_ticket text CHECK (length(external_ticket) BETWEEN 1 AND 50);
CREATE INDEX case_file_external_ticket_idx ON case_file (county_code, external_ticket) WHERE external_ticket IS NOT NULL;

-- 合并: a duplicate closes with closure type 'merged' and points at the surviving case; its reporter's tracking link then
-- shows (and rates) the surviving case. A merged case never merges further and never into itself.
ALTER TABLE case_file DROP CONSTRAINT case_file_closure_type_check;
ALTER TABLE case_file ADD CONSTRAINT case_file_closure_type_check
    CHECK (closure_type IN ('normal', 'overdue', 'error', 'special', 'merged'));
ALTER TABLE case_file
    ADD COLUMN merged_into_case_id bigint REFERENCES case_file (id),
    ADD CONSTRAINT case_file_merged_not_self CHECK (merged_into_case_id <> id),
    ADD CONSTRAINT case_file_merged_is_closed CHECK ((merged_into_case_id IS NULL) = (closure_type IS DISTINCT FROM 'merged'));
CREATE INDEX case_file_merged_into_idx ON case_file (merged_into_case_id) WHERE merged_into_case_id IS NOT NULL;
