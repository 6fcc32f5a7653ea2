-- Dispatch (乡镇吹哨、部门报到): the case's lifecycle columns, whistles, per-unit work orders, 督办 and notifications.
-- The domain's state machines (Domain/Cases) judge every move; these constraints make the database refuse what no move
-- can produce, so a bug or a hand-written UPDATE cannot leave a case in a state the app does not know.

ALTER TABLE case_file ADD CONSTRAINT case_file_state_known CHECK (state IN (
    'reported', 'closed_on_spot', 'verified', 'accepted', 'voided', 'village_handling', 'dispatched', 'pending_check', 'rework',
    'closed', 'revisited', 'shelved', 'terminated', 'archived'));
ALTER TABLE case_file
    -- When the case reached the level that owns it now (网格/村/乡镇): the escalation clock of grid and village cases.
    ADD COLUMN level_since    timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN accepted_at    timestamptz,
    -- The 小类's limit counted on the county's work calendar from 立案; orders carry their own deadlines.
    ADD COLUMN deadline_at    timestamptz,
    ADD COLUMN closure_type   text CHECK (closure_type IN ('normal', 'overdue', 'error', 'special')),
    ADD COLUMN rework_count   integer NOT NULL DEFAULT 0 CHECK (rework_count >= 0),
    ADD CONSTRAINT case_file_closed_has_closure_type CHECK (state <> 'closed' OR closure_type IS NOT NULL),
    ADD CONSTRAINT case_file_accepted_has_deadline CHECK (accepted_at IS NULL OR deadline_at IS NOT NULL);
CREATE INDEX case_file_open_deadline_idx ON case_file (deadline_at)
    WHERE state IN ('accepted', 'village_handling', 'dispatched', 'pending_check', 'rework');
CREATE INDEX case_file_level_since_idx ON case_file (level_since) WHERE state IN ('reported', 'verified', 'village_handling');
CREATE INDEX case_file_township_state_idx ON case_file (township_code, state, created_at);

-- Per-county dispatch settings (each county's own rules; defaults follow common practice).
CREATE TABLE dispatch_setting (
    county_code                text PRIMARY KEY REFERENCES county (code),
    escalate_grid_minutes      integer NOT NULL DEFAULT 240 CHECK (escalate_grid_minutes > 0),       -- unhandled at grid level
    escalate_village_minutes   integer NOT NULL DEFAULT 1440 CHECK (escalate_village_minutes > 0),   -- unhandled in the village
    routine_arrival_minutes    integer NOT NULL DEFAULT 240 CHECK (routine_arrival_minutes > 0),     -- 日常哨
    tough_arrival_minutes      integer NOT NULL DEFAULT 120 CHECK (tough_arrival_minutes > 0),       -- 攻坚哨 (应急哨: 30, fixed)
    criticism_after_work_days  integer NOT NULL DEFAULT 5 CHECK (criticism_after_work_days > 0)
);

-- A whistle (吹哨): the township (or a department) summons several units at once.
CREATE TABLE whistle (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id             bigint NOT NULL REFERENCES case_file (id),
    kind                text NOT NULL CHECK (kind IN ('routine', 'tough', 'emergency')),
    blown_by            bigint NOT NULL REFERENCES staff_account (id),
    blown_at            timestamptz NOT NULL DEFAULT now(),
    arrival_deadline_at timestamptz NOT NULL,
    note                text CHECK (length(note) <= 2000),
    CONSTRAINT whistle_emergency_within_30_minutes CHECK (kind <> 'emergency' OR arrival_deadline_at <= blown_at + interval '30 minutes')
);
CREATE INDEX whistle_case_idx ON whistle (case_id);

-- A unit's work order (派遣单) for a case: 待签收 → 已签收 → 已报到 → 处置中 → 已反馈, or 退单/挂账/撤回.
CREATE TABLE work_order (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id              bigint NOT NULL REFERENCES case_file (id),
    unit_code            text NOT NULL REFERENCES department_unit (code),
    whistle_id           bigint REFERENCES whistle (id),
    state                text NOT NULL DEFAULT 'pending' CHECK (state IN (
                             'pending', 'signed', 'arrived', 'in_progress', 'fed_back', 'returned', 'shelved', 'withdrawn')),
    dispatched_by        bigint NOT NULL REFERENCES staff_account (id),
    dispatched_at        timestamptz NOT NULL DEFAULT now(),
    deadline_at          timestamptz NOT NULL,
    arrival_deadline_at  timestamptz,
    signed_at            timestamptz,
    arrived_at           timestamptz,
    arrival_geom         geometry(Point, 4326),
    fed_back_at          timestamptz,
    feedback_note        text CHECK (length(feedback_note) <= 2000),
    returned_reason      text CHECK (length(returned_reason) <= 2000),
    shelved_explanation  text CHECK (length(shelved_explanation) <= 2000),
    extension_status     text NOT NULL DEFAULT 'none' CHECK (extension_status IN ('none', 'requested', 'approved', 'refused')),
    extension_until      timestamptz,
    extension_reason     text CHECK (length(extension_reason) <= 2000),
    rework_count         integer NOT NULL DEFAULT 0 CHECK (rework_count >= 0),
    CONSTRAINT work_order_arrival_only_for_whistles CHECK ((whistle_id IS NULL) = (arrival_deadline_at IS NULL)),
    CONSTRAINT work_order_arrived_has_time_and_place CHECK (arrived_at IS NULL OR arrival_geom IS NOT NULL),
    CONSTRAINT work_order_returned_has_reason CHECK (state <> 'returned' OR returned_reason IS NOT NULL),
    CONSTRAINT work_order_shelved_has_explanation CHECK (state <> 'shelved' OR shelved_explanation IS NOT NULL),
    CONSTRAINT work_order_fed_back_has_time CHECK (state <> 'fed_back' OR fed_back_at IS NOT NULL),
    CONSTRAINT work_order_extension_has_date CHECK (extension_status = 'none' OR extension_until IS NOT NULL)
);
-- One live order per unit and case: a unit whistled twice for the same case keeps one order.
CREATE UNIQUE INDEX work_order_one_live_per_unit ON work_order (case_id, unit_code) WHERE state NOT IN ('returned', 'withdrawn');
CREATE INDEX work_order_case_idx ON work_order (case_id);
CREATE INDEX work_order_unit_state_idx ON work_order (unit_code, state, deadline_at);

ALTER TABLE case_timeline ADD COLUMN work_order_id bigint REFERENCES work_order (id);

-- 督办: each threshold (超时督办 / 次日催办 / 通报批评, and a whistled unit's late arrival) is raised once per case or order.
CREATE TABLE supervision (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id        bigint NOT NULL REFERENCES case_file (id),
    work_order_id  bigint REFERENCES work_order (id),
    level          text NOT NULL CHECK (level IN ('overdue', 'next_day_reminder', 'public_criticism', 'late_arrival')),
    due_at         timestamptz NOT NULL,   -- the instant the threshold fell due (a catch-up after a pause keeps the true time)
    raised_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX supervision_once_per_threshold ON supervision (case_id, coalesce(work_order_id, 0), level);

-- What a person should look at: 督办, new orders, returned orders, extension requests and answers. Addressed to a scope (a
-- territory code or a unit code): everyone whose scope it is sees it.
CREATE TABLE notification (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient_scope text NOT NULL,
    case_id         bigint NOT NULL REFERENCES case_file (id),
    work_order_id   bigint REFERENCES work_order (id),
    kind            text NOT NULL,
    message         text NOT NULL CHECK (length(message) <= 500),
    created_at      timestamptz NOT NULL DEFAULT now(),
    read_at         timestamptz
);
CREATE INDEX notification_recipient_idx ON notification (recipient_scope, created_at DESC);
