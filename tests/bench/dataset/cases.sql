-- A year of cases for the evaluation benchmark (示意数据), on top of the province of generate.sql: 1,000,000 cases over 12
-- months with their evaluation facts, written directly in the shape the app writes them (Features/Stats/EvaluationFacts:
-- one eval_case_fact row per case, one eval_order_fact row per work order), plus the minimal case and work-order rows the
-- facts refer to (no timeline, photos or supervision: the rankings read none of them). One county administrator per
-- county ("bench-<county code>") signs in with the password whose hash run.sh passes.
-- Deterministic: every choice is a hash of the case number (hashtextextended), so the same parameters give the same rows.
--
--   psql -v ON_ERROR_STOP=1 -v password_hash=… -d BENCHDB -f cases.sql       (after generate.sql; replaces earlier bench cases)
--
-- Parameters: cases [1000000], first_month ['2025-12-01'] (Beijing months first_month … first_month + 11)
--
-- Per case (share): 10 % 微事 closed on the spot by the grid worker; 10 % filed and resolved by the village; 70 % dispatched
-- to one county unit and closed (≈ 14 % of them after the deadline, 5 % reworked once); 5 % dispatched and still open;
-- 2 % voided; 3 % only reported. 60 % of the closed cases are rated (70 % 满意, 20 % 基本满意, 10 % 不满意).
--
-- Posts (岗位评价, migration 0052): every township has three 调度员 accounts ("bd-<township>-1…3"), every grid its 网格员
-- account ("bg-<grid>", linked to the grid's first 网格员 in grid_staff) and every 十联户 unit its 联户长 account ("bl-<unit>",
-- linked as the unit's leader). Each case's reporter is the account the real intake writes (case_file.reported_by_account_id,
-- copied by the intake trigger into eval_case_fact.reporter_account_id): a 网格员 report (source grid_worker) its grid's
-- 网格员, a 联户长 report (link_leader) one of the grid's 联户长, a phone or 12345 case the township's 调度员 who entered it at
-- the desk, a QR report nobody. Every case that was 立案 (all but the 微事, the voided and the only-reported ones) was
-- registered by one of its township's 调度员 (the one who entered it, for a desk case) 20 minutes after it came in:
-- registrar_account_id and registered_month, as EvaluationFacts writes them from the first accept entry.

\set ON_ERROR_STOP on
\if :{?cases} \else \set cases 1000000 \endif
\if :{?first_month} \else \set first_month '2025-12-01' \endif
\set months 12
SET client_min_messages = warning;
\timing on

-- Units for every county (what the app's territory import does), and the bench's county administrators.
SELECT sum(department_units_sync(code)) AS units_changed FROM county;
INSERT INTO staff_account (username, display_name, role, scope_code, password_hash)
SELECT 'bench-' || code, '压测管理员' || code, 'county_admin', code, :'password_hash' FROM county
ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, failed_attempts = 0, locked_until = NULL,
    disabled = false, must_change_password = false;

-- The rows below are consistent by construction; the app's triggers and foreign-key checks (which would run a million
-- times) are off for this session only. Earlier bench cases go first.
SET session_replication_role = replica;
TRUNCATE eval_snapshot_row, eval_snapshot, eval_order_fact, eval_case_fact, supervision, case_timeline, work_order, case_file CASCADE;

CREATE TEMP TABLE bg AS
SELECT (row_number() OVER (ORDER BY g.code) - 1)::int AS n, g.code, g.village_code, v.township_code, t.county_code
FROM grid g JOIN village v ON v.code = g.village_code JOIN township t ON t.code = v.township_code;
CREATE UNIQUE INDEX ON bg (n);
CREATE TEMP TABLE bcat AS
SELECT (row_number() OVER (ORDER BY code) - 1)::int AS n, code, time_limit, time_unit FROM case_category WHERE active;
CREATE TEMP TABLE bunit AS
SELECT county_code, (row_number() OVER (PARTITION BY county_code ORDER BY code) - 1)::int AS n, code, department_code,
       count(*) OVER (PARTITION BY county_code)::int AS units
FROM department_unit WHERE township_code IS NULL AND active;
CREATE UNIQUE INDEX ON bunit (county_code, n);
CREATE TEMP TABLE badmin AS SELECT scope_code AS county_code, id FROM staff_account WHERE username LIKE 'bench-%';

-- The posts' accounts (see the header); kept across runs (ON CONFLICT), so their ids stay the same.
INSERT INTO staff_account (username, display_name, role, scope_code, password_hash)
SELECT 'bd-' || t.code || '-' || n, t.name || '调度员' || n, 'township_dispatcher', t.code, :'password_hash'
FROM township t, generate_series(1, 3) n ORDER BY t.code, n
ON CONFLICT (username) DO NOTHING;
INSERT INTO staff_account (username, display_name, role, scope_code, password_hash)
SELECT 'bg-' || g.code, s.name, 'grid_worker', g.code, :'password_hash'
FROM grid g JOIN LATERAL (SELECT name FROM grid_staff WHERE grid_code = g.code AND role = 'grid_worker' ORDER BY id LIMIT 1) s ON true
ORDER BY g.code
ON CONFLICT (username) DO NOTHING;
INSERT INTO staff_account (username, display_name, role, scope_code, password_hash)
SELECT 'bl-' || u.code, h.head_name, 'link_leader', u.code, :'password_hash'
FROM link_unit u JOIN household h ON h.code = u.leader_household_code
ORDER BY u.code
ON CONFLICT (username) DO NOTHING;
UPDATE grid_staff s SET account_id = a.id
FROM staff_account a
WHERE a.username = 'bg-' || s.grid_code
  AND s.id = (SELECT min(id) FROM grid_staff f WHERE f.grid_code = s.grid_code AND f.role = 'grid_worker')
  AND s.account_id IS DISTINCT FROM a.id;
UPDATE link_unit u SET leader_account_id = a.id
FROM staff_account a
WHERE a.username = 'bl-' || u.code AND u.leader_account_id IS DISTINCT FROM a.id;
CREATE TEMP TABLE bdispatcher AS
SELECT scope_code AS township_code, split_part(username, '-', 3)::int - 1 AS n, id
FROM staff_account WHERE username LIKE 'bd-%' AND role = 'township_dispatcher';
CREATE UNIQUE INDEX ON bdispatcher (township_code, n);
CREATE TEMP TABLE bworker AS SELECT scope_code AS grid_code, id FROM staff_account WHERE username LIKE 'bg-%' AND role = 'grid_worker';
CREATE UNIQUE INDEX ON bworker (grid_code);
CREATE TEMP TABLE bleader AS
SELECT u.grid_code, (row_number() OVER (PARTITION BY u.grid_code ORDER BY u.code) - 1)::int AS n,
       count(*) OVER (PARTITION BY u.grid_code)::int AS units, a.id
FROM link_unit u JOIN staff_account a ON a.username = 'bl-' || u.code;
CREATE UNIQUE INDEX ON bleader (grid_code, n);

-- Every case's choices, once. Times: reported within the first 25 days of its month (Beijing), so that what follows
-- (closure within ≈ 3 days, rating within 5) mostly stays before the end of the dataset's last month.
CREATE TEMP TABLE bcase AS
WITH s AS (
    SELECT i, abs(hashtextextended('bench-case-' || i, 0)) AS h0, abs(hashtextextended('bench-case-' || i, 1)) AS h1,
           abs(hashtextextended('bench-case-' || i, 2)) AS h2, abs(hashtextextended('bench-case-' || i, 3)) AS h3
    FROM generate_series(1, :cases) i),
t AS (
    SELECT s.*, h0 % 100 AS kind_p, h1 % 100 AS rate_p,
           ((:'first_month'::date + make_interval(months => (i % :months)::int))::timestamp AT TIME ZONE 'Asia/Shanghai')
             + make_interval(secs => (h2 % (25 * 86400))::double precision) AS created_at
    FROM s)
SELECT t.i, t.kind_p, t.rate_p, t.h1, t.h2, t.h3, g.code AS grid_code, g.village_code, g.township_code, g.county_code,
       c.code AS category, c.time_limit, c.time_unit, t.created_at,
       (ARRAY['qr', 'grid_worker', 'grid_worker', 'hotline', 'phone', 'link_leader'])[1 + t.h3 % 6] AS source,
       CASE WHEN t.kind_p BETWEEN 10 AND 94 THEN t.created_at + interval '3 days' END AS deadline_at,
       CASE WHEN t.kind_p < 10 THEN t.created_at + make_interval(mins => (10 + t.h1 % 50)::int)
            WHEN t.kind_p < 90 THEN t.created_at + make_interval(mins => (180 + t.h3 % 4500)::int) END AS closed_at,
       -- Posts: who reported it (as the intake writes it) and who registered it (立案), see the header.
       CASE (1 + t.h3 % 6) WHEN 2 THEN w.id WHEN 3 THEN w.id WHEN 4 THEN d.id WHEN 5 THEN d.id WHEN 6 THEN l.id END AS reporter_id,
       CASE WHEN t.kind_p BETWEEN 10 AND 94 THEN CASE WHEN t.h3 % 6 IN (3, 4) THEN d.id ELSE r.id END END AS registrar_id
FROM t JOIN bg g ON g.n = t.h0 % (SELECT count(*) FROM bg)
       JOIN bcat c ON c.n = t.h1 % (SELECT count(*) FROM bcat)
       LEFT JOIN bworker w ON w.grid_code = g.code
       LEFT JOIN bdispatcher d ON d.township_code = g.township_code AND d.n = t.h1 % 3
       LEFT JOIN bdispatcher r ON r.township_code = g.township_code AND r.n = t.h2 % 3
       LEFT JOIN bleader l ON l.grid_code = g.code AND l.n = t.h2 % l.units;

ALTER TABLE bcase ADD COLUMN rated_at timestamptz, ADD COLUMN satisfaction text;
UPDATE bcase SET rated_at = least(closed_at + make_interval(mins => (30 + h2 % 7200)::int), timestamptz '2026-11-30 23:00+08'),
                 satisfaction = CASE WHEN h3 % 10 < 7 THEN 'satisfied' WHEN h3 % 10 < 9 THEN 'fairly_satisfied' ELSE 'dissatisfied' END
WHERE closed_at IS NOT NULL AND rate_p < 60;

INSERT INTO case_file (id, number, kind, category, request_type, source, description, county_code, township_code, village_code,
                       grid_code, state, tracking_token_hash, tracking_token_encrypted, idempotency_key, created_at, closed_at,
                       satisfaction, resolved, rated_at, level_since, accepted_at, deadline_at, closure_type, rework_count,
                       time_limit, time_unit, reported_by_account_id)
OVERRIDING SYSTEM VALUE
SELECT i, left(category, 1) || lpad(i::text, 16, '0'), left(category, 1), category, 'report', source, '压测案件 ' || i,
       county_code, township_code, village_code, grid_code,
       CASE WHEN kind_p < 10 THEN 'closed_on_spot' WHEN kind_p < 90 THEN 'closed' WHEN kind_p < 95 THEN 'dispatched'
            WHEN kind_p < 97 THEN 'voided' ELSE 'reported' END,
       sha256(convert_to('bench-token-' || i, 'UTF8')), convert_to('bench', 'UTF8'), 'bench-case-' || i, created_at, closed_at,
       satisfaction, CASE WHEN satisfaction IS NOT NULL THEN satisfaction <> 'dissatisfied' END, rated_at,
       created_at, CASE WHEN deadline_at IS NOT NULL THEN created_at + interval '20 minutes' END, deadline_at,
       CASE WHEN kind_p BETWEEN 10 AND 89 THEN CASE WHEN closed_at <= deadline_at THEN 'normal' ELSE 'overdue' END END,
       CASE WHEN kind_p BETWEEN 20 AND 89 AND h2 % 20 = 0 THEN 1 ELSE 0 END,
       time_limit, time_unit, reporter_id
FROM bcase ORDER BY i;
SELECT setval('case_file_id_seq', (SELECT max(id) FROM case_file));

-- One order per dispatched case, to a county unit, dispatched by the 调度员 who registered the case: signed for within 0–89
-- minutes (≥ 60: late), fed back before closure.
INSERT INTO work_order (id, case_id, unit_code, state, dispatched_by, dispatched_at, deadline_at, signed_at, fed_back_at,
                        feedback_note, rework_count)
OVERRIDING SYSTEM VALUE
SELECT b.i, b.i, u.code, CASE WHEN b.kind_p < 90 THEN 'fed_back' ELSE 'signed' END, coalesce(b.registrar_id, a.id),
       b.created_at + interval '30 minutes', b.deadline_at, b.created_at + make_interval(mins => (30 + b.h2 % 90)::int),
       CASE WHEN b.kind_p < 90 THEN b.closed_at - interval '10 minutes' END, CASE WHEN b.kind_p < 90 THEN '已处理' END,
       CASE WHEN b.h2 % 20 = 0 THEN 1 ELSE 0 END
FROM bcase b JOIN badmin a ON a.county_code = b.county_code
     JOIN bunit u ON u.county_code = b.county_code AND u.n = b.h3 % u.units
WHERE b.kind_p BETWEEN 20 AND 94 ORDER BY b.i;
SELECT setval('work_order_id_seq', (SELECT max(id) FROM work_order));

-- The facts, as FactRules derives them (durations in working minutes: a working day is 6.5 of its 24 hours, roughly).
INSERT INTO eval_case_fact (case_id, county_code, township_code, village_code, grid_code, category, source, reported_month,
                            due_month, counted, closed_in_month, closed_on_time, checked, reworked, handled_level, escalated,
                            close_minutes, rated_month, satisfied, resolved, reporter_account_id, registrar_account_id,
                            registered_month)
SELECT i, county_code, township_code, village_code, grid_code, category, source, eval_month(created_at),
       CASE WHEN deadline_at IS NOT NULL THEN CASE WHEN closed_at <= deadline_at THEN eval_month(closed_at) ELSE eval_month(deadline_at) END
            WHEN closed_at IS NOT NULL THEN eval_month(closed_at) END,
       kind_p < 95,
       closed_at IS NOT NULL AND (deadline_at IS NULL OR closed_at <= deadline_at OR eval_month(closed_at) = eval_month(deadline_at)),
       closed_at IS NOT NULL AND (deadline_at IS NULL OR closed_at <= deadline_at),
       kind_p BETWEEN 20 AND 89, kind_p BETWEEN 20 AND 89 AND h2 % 20 = 0,
       CASE WHEN kind_p < 10 THEN 'grid' WHEN kind_p < 20 THEN 'village' WHEN kind_p < 95 THEN 'township' END,
       h1 % 100 < 3,
       CASE WHEN closed_at IS NOT NULL THEN (extract(epoch FROM closed_at - created_at) / 60 * 6.5 / 24)::int END,
       eval_month(rated_at), satisfaction IN ('satisfied', 'fairly_satisfied'),
       CASE WHEN satisfaction IS NOT NULL THEN satisfaction <> 'dissatisfied' END,
       reporter_id, registrar_id, CASE WHEN registrar_id IS NOT NULL THEN eval_month(created_at + interval '20 minutes') END
FROM bcase ORDER BY i;

INSERT INTO eval_order_fact (order_id, case_id, unit_code, department_code, county_code, township_code, village_code, grid_code,
                             month, counted, responded_in_time, sign_minutes, arrive_minutes, returned, extended, handled,
                             reworked, due, fed_back_on_time)
SELECT o.id, o.case_id, o.unit_code, u.department_code, c.county_code, c.township_code, c.village_code, c.grid_code,
       eval_month(o.dispatched_at), true, o.signed_at - o.dispatched_at <= interval '1 hour',
       (extract(epoch FROM o.signed_at - o.dispatched_at) / 60)::int, NULL, false, c.h1 % 50 = 0, o.state = 'fed_back',
       o.rework_count > 0, true, o.fed_back_at IS NOT NULL AND o.fed_back_at <= o.deadline_at
FROM work_order o JOIN bcase c ON c.i = o.case_id JOIN department_unit u ON u.code = o.unit_code
ORDER BY o.id;

RESET session_replication_role;
DROP TABLE bcase;
ANALYZE case_file; ANALYZE work_order; ANALYZE eval_case_fact; ANALYZE eval_order_fact; ANALYZE staff_account;
SELECT (SELECT count(*) FROM case_file) AS cases, (SELECT count(*) FROM work_order) AS orders,
       (SELECT count(*) FROM eval_case_fact) AS case_facts, (SELECT count(*) FROM eval_order_fact) AS order_facts,
       (SELECT count(DISTINCT reported_month) FROM eval_case_fact) AS months,
       (SELECT count(*) FROM eval_case_fact WHERE reporter_account_id IS NOT NULL) AS with_reporter,
       (SELECT count(*) FROM eval_case_fact WHERE registrar_account_id IS NOT NULL) AS with_registrar,
       (SELECT count(*) FROM staff_account WHERE role IN ('township_dispatcher', 'grid_worker', 'link_leader')) AS post_accounts;
