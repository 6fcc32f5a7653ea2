-- 吹哨 that coordinates (issue 14): the whistle's meeting place, and where each summoned unit really reported in.
-- The dispatcher's note was already whistle.note; the meeting place is a pin (WGS-84), NULL meaning "at the case's position".
ALTER TABLE whistle ADD COLUMN meeting_geom geometry(Point, 4326);

-- 报到 checks the place: the distance (metres, on the spheroid) from the reported position to the nearer of the case's position
-- and the meeting place, and whether it was beyond the configured radius (位置不符; GridGov:Dispatch:ArrivalRadiusMeters). The
-- report is kept either way — the dispatcher is told and judges.
ALTER TABLE work_order
    ADD COLUMN arrival_distance_m double precision CHECK (arrival_distance_m >= 0),
    ADD COLUMN arrival_mismatch   boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT work_order_mismatch_has_distance CHECK (NOT arrival_mismatch OR arrival_distance_m IS NOT NULL);
