-- The clocks that run by themselves (Features/Supervision): every tick, on every app instance, the 督办 service asks for the
-- live work orders past their deadline and the whistled units not yet on site. 0010's (unit_code, state, deadline_at) index
-- serves a unit's inbox, not "every live order due before now"; these partial indexes hold only the rows that can still be
-- late, so a tick stays an index range scan however many closed orders the county piles up.

-- The state list must match SupervisionCandidates' query word for word, or the planner cannot use the partial index.
CREATE INDEX work_order_live_deadline_idx ON work_order (deadline_at)
    WHERE state IN ('pending', 'signed', 'arrived', 'in_progress');

-- Whistled units that have not arrived: late_arrival is raised once their arrival deadline passes.
CREATE INDEX work_order_awaiting_arrival_idx ON work_order (arrival_deadline_at)
    WHERE arrival_deadline_at IS NOT NULL AND arrived_at IS NULL AND state IN ('pending', 'signed');
