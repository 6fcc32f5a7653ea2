-- Household and 十联户 maintenance (issue 12): a household moved to another grid takes a code of that grid (household code
-- = grid code + 4 digits), so the one table that points at households from the case file follows the code; and a retired
-- household leaves the live table for an archive, without its phone number (nobody is to call a household that is gone).
ALTER TABLE case_file
    DROP CONSTRAINT IF EXISTS case_file_on_behalf_household_code_fkey,
    ADD CONSTRAINT case_file_on_behalf_household_code_fkey
        FOREIGN KEY (on_behalf_household_code) REFERENCES household (code) ON UPDATE CASCADE;

CREATE TABLE household_retired (
    code            text NOT NULL CHECK (code ~ '^[0-9]{19}$'),
    grid_code       text NOT NULL,
    link_unit_code  text,
    head_name       text NOT NULL,
    members         smallint NOT NULL,
    address         text,
    geom            geometry(Point, 4326) NOT NULL,
    reason          text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
    retired_at      timestamptz NOT NULL DEFAULT now(),
    retired_by      bigint REFERENCES staff_account (id)
);
CREATE INDEX household_retired_grid_idx ON household_retired (grid_code);
