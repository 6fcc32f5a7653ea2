-- Where a staff member stood when they acted from the field (核实, 核查, 逐级上报 on a phone): the proof that the check was
-- made on the spot, next to the timeline entry it belongs to. NULL when the phone gave no position (indoors, GPS off) and
-- for every entry written before this migration.
ALTER TABLE case_timeline ADD COLUMN position geometry(Point, 4326);
