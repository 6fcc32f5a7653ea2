-- The number a resident may call about a grid (值班电话): the placard and the resident's form show every person's number
-- masked, and a call button dialling this one. A grid may have a duty line of its own; without one, the township
-- government's duty phone (entered on /admin/departments), else its office phone. ONE rule, grid_duty_phone(), so the placard
-- and the form never disagree. It is an office line, not a person's: shown in full.
ALTER TABLE grid ADD COLUMN duty_phone text CHECK (duty_phone ~ '^[0-9][0-9-]{4,19}$');

CREATE FUNCTION grid_duty_phone(grid_code text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(g.duty_phone, u.duty_phone, u.phone)
    FROM grid g
    JOIN village v ON v.code = g.village_code
    LEFT JOIN department_unit u ON u.code = v.township_code || '-township' AND u.active
    WHERE g.code = $1
$$;
