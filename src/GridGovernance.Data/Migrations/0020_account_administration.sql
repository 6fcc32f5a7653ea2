-- The county administration's accounts (issue 12): an account whose password an administrator set (a new account, a
-- reset) must choose its own at its next login. The flag is cleared by the password change itself.
ALTER TABLE staff_account ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

-- The accounts page searches by name and filters by role within a county or township: the scope index serves the
-- place, this one the name.
CREATE INDEX staff_account_display_name_idx ON staff_account (display_name text_pattern_ops);
