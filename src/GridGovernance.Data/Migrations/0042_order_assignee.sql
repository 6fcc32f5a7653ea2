-- Departments (issue 14): 派单到人 — an order of a unit is taken by one of its staff, or the unit's head assigns it — and 转派
-- to another unit of the same department (the order's unit changes; its history stays on the case's timeline).
ALTER TABLE staff_account ADD COLUMN unit_head boolean NOT NULL DEFAULT false;
ALTER TABLE staff_account ADD CONSTRAINT staff_account_head_is_department_staff CHECK (NOT unit_head OR role = 'department_staff');
ALTER TABLE work_order ADD COLUMN assignee_account_id bigint REFERENCES staff_account (id);
CREATE INDEX work_order_assignee_idx ON work_order (assignee_account_id) WHERE assignee_account_id IS NOT NULL;
