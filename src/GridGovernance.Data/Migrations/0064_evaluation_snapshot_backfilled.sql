-- A county's first monthly close freezes every earlier month it has facts of, oldest first (MonthlyClose.MonthsToFreeze,
-- Features/Stats/MonthlyCloseService): evaluation does not begin with the first close. Those months are marked, so that
-- /stats can say what the first close caught up (已补齐 N 个月的月度快照). Set once, when the month is frozen.

ALTER TABLE eval_snapshot ADD COLUMN backfilled boolean NOT NULL DEFAULT false;

-- 0051's guard, now also holding backfilled: a snapshot only ever gains its publication.
CREATE OR REPLACE FUNCTION eval_snapshot_only_publish() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.published_at IS NULL
           AND (NEW.id, NEW.county_code, NEW.month, NEW.frozen_at, NEW.weights, NEW.rule, NEW.backfilled)
               IS NOT DISTINCT FROM (OLD.id, OLD.county_code, OLD.month, OLD.frozen_at, OLD.weights, OLD.rule, OLD.backfilled) THEN
            RETURN NEW;   -- publishing, once
        END IF;
    END IF;
    RAISE EXCEPTION '已封存的月度考核不能修改或删除（%）', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
