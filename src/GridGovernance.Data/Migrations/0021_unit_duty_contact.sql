-- The county administration's units page (issue 12): besides its office phone, each unit names who is on duty and how
-- to reach them (a duty room line or a duty mobile, never a private number), so that a dispatcher who whistles a unit
-- outside office hours has someone to call. Entered by the county, NULL until then.
ALTER TABLE department_unit
    ADD COLUMN duty_contact text CHECK (length(duty_contact) BETWEEN 1 AND 50),
    ADD COLUMN duty_phone   text CHECK (duty_phone ~ '^[0-9][0-9-]{4,19}$');
