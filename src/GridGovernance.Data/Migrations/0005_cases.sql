-- Cases (案卷): the classification, the case file, its number counter, photos and its append-only timeline.

-- The 数字城管 classification (部件 C / 事件 E → 大类 → 小类). Data, not code: a county edits limits and conditions here.
CREATE TABLE case_category (
    code               text PRIMARY KEY CHECK (code ~ '^[EC][0-9]{2}[0-9]{2}$' AND substr(code, 2, 2) <> '00' AND substr(code, 4, 2) <> '00'),
    kind               char(1) GENERATED ALWAYS AS (left(code, 1)) STORED,
    major_code         text GENERATED ALWAYS AS (substr(code, 2, 2)) STORED,
    minor_code         text GENERATED ALWAYS AS (substr(code, 4, 2)) STORED,
    major_name         text NOT NULL CHECK (length(major_name) BETWEEN 1 AND 50),
    name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    filing_condition   text NOT NULL,   -- 立案条件
    closing_condition  text NOT NULL,   -- 结案条件
    time_limit         integer NOT NULL CHECK (time_limit > 0),
    time_unit          text NOT NULL CHECK (time_unit IN ('work_hour', 'work_day', 'minute')),
    responsible_party  text NOT NULL,
    active             boolean NOT NULL DEFAULT true,
    sort_order         integer NOT NULL DEFAULT 0
);

INSERT INTO case_category (code, major_name, name, filing_condition, closing_condition, time_limit, time_unit, responsible_party, sort_order) VALUES
-- 部件: owner first, then territory (先属主后属地).
('C0101', '公用设施', '井盖',     '井盖缺失、破损、移位或不平整',           '井盖已补齐、更换或复位，路面平整',   2, 'work_day',  '权属单位（供水、排水、燃气、电力、通信等）', 101),
('C0102', '公用设施', '路灯',     '路灯不亮、倒伏、灯杆破损',               '路灯恢复照明，灯杆安全',             5, 'work_day',  '路灯管理单位', 102),
('C0103', '公用设施', '消防栓',   '消防栓损坏、漏水或被遮挡',               '消防栓完好可用，周边无遮挡',         3, 'work_day',  '消防救援机构、供水单位', 103),
('C0201', '道路交通', '交通标志牌', '标志牌缺失、倒伏、污损影响辨识',       '标志牌完好、清晰',                   5, 'work_day',  '交通运输部门、公安交管部门', 201),
('C0202', '道路交通', '护栏',     '护栏破损、倒伏、缺失',                   '护栏修复或补齐',                     5, 'work_day',  '道路管理单位', 202),
('C0301', '市容环境', '垃圾箱',   '垃圾箱破损、缺失或满溢未清运',           '垃圾箱完好，垃圾已清运',             1, 'work_day',  '环卫部门', 301),
('C0302', '市容环境', '公厕',     '公厕设施损坏、不洁或无法使用',           '设施修复，保洁到位',                 2, 'work_day',  '环卫部门', 302),
('C0401', '园林绿化', '行道树',   '行道树倒伏、枯死、枝干危及安全',         '树木扶正、补植或修剪完毕',           5, 'work_day',  '园林绿化部门', 401),
('C0402', '园林绿化', '绿地',     '绿地破坏、黄土裸露、缺乏养护',           '绿地养护到位',                       5, 'work_day',  '园林绿化部门、养护单位', 402),
('C0501', '房屋土地', '危房',     '房屋墙体开裂、倾斜等安全隐患',           '已排险、鉴定或撤离人员',             3, 'work_day',  '住建部门、产权人', 501),
('C0601', '其他',     '其他设施', '其他公共设施损坏',                       '设施修复',                           5, 'work_day',  '权属单位', 601),
-- 事件: territory first, then owner (先属地后属主).
('E0101', '市容环境', '私搭乱建', '未经批准搭建建筑物、构筑物',             '停止搭建；违法部分已拆除',           4, 'work_hour', '属地乡镇、综合执法部门', 1101),
('E0102', '市容环境', '暴露垃圾', '垃圾、杂物堆放暴露在外',                 '垃圾已清运，现场整洁',               4, 'work_hour', '环卫部门、属地村（社区）', 1102),
('E0103', '市容环境', '积存渣土', '渣土、建筑垃圾积存未清运',               '渣土已清运，现场整洁',               4, 'work_day',  '属地乡镇、住建部门', 1103),
('E0104', '市容环境', '道路不洁', '路面有明显污渍、垃圾或散落物',           '路面清扫干净',                       5, 'work_hour', '环卫部门', 1104),
('E0105', '市容环境', '道路保洁', '保洁不到位、清扫不及时',                 '保洁到位',                           2, 'work_hour', '环卫部门、保洁单位', 1105),
('E0201', '宣传广告', '小广告',   '乱贴乱画、非法小广告',                   '小广告已清除',                       1, 'work_day',  '属地村（社区）、综合执法部门', 1201),
('E0301', '施工管理', '施工扰民', '夜间或禁止时段施工产生噪声',             '施工已停止或已办理夜间施工许可',     1, 'work_day',  '住建部门、生态环境部门', 1301),
('E0302', '施工管理', '施工扬尘', '施工工地未覆盖、未洒水产生扬尘',         '工地已覆盖、洒水，扬尘得到控制',     1, 'work_day',  '住建部门、生态环境部门', 1302),
('E0401', '突发事件', '管道破裂', '供水、排水或燃气管道破裂、泄漏',         '管道修复，险情排除',               120, 'minute',    '供水、排水、燃气单位', 1401),
('E0402', '突发事件', '路面塌陷', '路面塌陷、出现坑洞危及通行',             '已设置警示并修复路面',             120, 'minute',    '道路管理单位、属地乡镇', 1402),
('E0403', '突发事件', '积水',     '道路、低洼处积水影响通行',               '积水已排除',                       120, 'minute',    '排水单位、属地乡镇', 1403),
('E0404', '突发事件', '火灾',     '发现火情或火灾隐患（火情请先拨打 119）', '火情扑灭、隐患消除',                30, 'minute',    '消防救援机构、属地乡镇', 1404),
('E0501', '街面秩序', '占道经营', '占用道路、人行道摆摊经营',               '占道行为已消除',                     4, 'work_hour', '综合执法部门、属地乡镇', 1501),
('E0502', '街面秩序', '乱停放',   '车辆乱停乱放影响通行',                   '车辆已挪移或依法处理',               4, 'work_hour', '公安交管部门、属地乡镇', 1502),
-- Local extensions (地方扩展).
('E0601', '矛盾纠纷', '邻里纠纷', '邻里、家庭、土地等矛盾纠纷',             '纠纷已调解或已导入法定途径',         5, 'work_day',  '属地村（社区）调委会、司法所', 1601),
('E0602', '矛盾纠纷', '劳资纠纷', '拖欠工资等劳资纠纷',                     '纠纷已调解或已移交劳动监察',         5, 'work_day',  '人社部门、属地乡镇', 1602),
('E0701', '治安隐患', '治安隐患', '可能危害公共安全的隐患',                 '隐患已消除或已移交公安机关',         1, 'work_day',  '派出所、属地乡镇', 1701),
('E0801', '民生服务', '民生服务', '群众生活中需要帮助或咨询的事项',         '已答复或已提供帮助',                 5, 'work_day',  '属地村（社区）、相关部门', 1801),
('E0802', '民生服务', '供水供电', '停水停电、水压不足等',                   '恢复供应或已答复原因',               1, 'work_day',  '供水、供电单位', 1802);

-- A case. The reported position is kept exactly as given: a position outside the scanned grid is flagged, never moved.
CREATE TABLE case_file (
    id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    number                    text NOT NULL CHECK (number ~ '^[EC][0-9]{16}$'),
    kind                      char(1) NOT NULL CHECK (kind IN ('E', 'C')),
    category                  text NOT NULL REFERENCES case_category (code),
    request_type              text NOT NULL CHECK (request_type IN ('consult', 'help', 'complaint', 'report', 'suggestion')),
    source                    text NOT NULL CHECK (source IN ('qr', 'grid_worker', 'link_leader', 'hotline', 'external')),
    description               text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    geom                      geometry(Point, 4326),
    position_outside_grid     boolean NOT NULL DEFAULT false,
    county_code               text NOT NULL REFERENCES county (code),
    township_code             text NOT NULL REFERENCES township (code),
    village_code              text NOT NULL REFERENCES village (code),
    grid_code                 text NOT NULL REFERENCES grid (code),
    state                     text NOT NULL,   -- CaseStates.Code; the domain's Decide is the one judge of moves (issue 4 adds states)
    -- ASP.NET Core Data Protection ciphertext ("GridGovernance.ReporterPhone"): never the phone in clear.
    reporter_phone_encrypted  bytea,
    -- SHA-256 of the resident's tracking token; the token itself is only ever sent to the resident.
    tracking_token_hash       bytea NOT NULL UNIQUE CHECK (length(tracking_token_hash) = 32),
    -- The token protected ("GridGovernance.TrackingToken"), so that a retried submission answers with the same link.
    tracking_token_encrypted  bytea NOT NULL,
    idempotency_key           text NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 8 AND 100),
    created_at                timestamptz NOT NULL DEFAULT now(),
    closed_at                 timestamptz,
    satisfaction              text CHECK (satisfaction IN ('satisfied', 'fairly_satisfied', 'dissatisfied')),
    resolved                  boolean,
    rating_comment            text CHECK (length(rating_comment) <= 500),
    rated_at                  timestamptz,
    CONSTRAINT case_file_number_unique_in_county UNIQUE (county_code, number),
    CONSTRAINT case_file_kind_matches_category CHECK (kind = left(category, 1)),
    CONSTRAINT case_file_codes_nest CHECK (starts_with(township_code, county_code) AND starts_with(village_code, township_code)
                                          AND starts_with(grid_code, village_code)),
    CONSTRAINT case_file_rating_complete CHECK ((satisfaction IS NULL) = (rated_at IS NULL) AND (satisfaction IS NULL) = (resolved IS NULL))
);
-- Duplicate hints: open cases of the same 小类 within 50 m and 7 days.
CREATE INDEX case_file_geom_idx ON case_file USING gist (geom);
CREATE INDEX case_file_category_created_idx ON case_file (category, created_at);
CREATE INDEX case_file_grid_idx ON case_file (grid_code, created_at);

-- The daily sequence of case numbers per county. Incremented inside the case's transaction: a rollback undoes the increment,
-- so numbers have no gaps; the row lock serialises concurrent submissions of one county.
CREATE TABLE case_number_counter (
    county_code  text NOT NULL REFERENCES county (code),
    day          date NOT NULL,
    last_value   integer NOT NULL CHECK (last_value BETWEEN 1 AND 9999),
    PRIMARY KEY (county_code, day)
);

CREATE TABLE case_photo (
    case_id       bigint NOT NULL REFERENCES case_file (id),
    photo_sha256  text NOT NULL REFERENCES photo (sha256),
    kind          text NOT NULL CHECK (kind IN ('report', 'after')),
    position      smallint NOT NULL CHECK (position >= 0),
    PRIMARY KEY (case_id, kind, position)
);
CREATE INDEX case_photo_sha_idx ON case_photo (photo_sha256);

-- What happened to a case, in order. Append-only: the database refuses to change or remove history.
CREATE TABLE case_timeline (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id           bigint NOT NULL REFERENCES case_file (id),
    at                timestamptz NOT NULL DEFAULT now(),
    actor_kind        text NOT NULL CHECK (actor_kind IN ('resident', 'staff', 'system')),
    actor_account_id  bigint,
    actor_role        text,
    action            text NOT NULL,
    state_before      text,
    state_after       text,
    note              text CHECK (length(note) <= 2000),
    photo_shas        text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX case_timeline_case_idx ON case_timeline (case_id, id);

CREATE FUNCTION case_timeline_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '案件时间线只能追加，不能修改或删除（%）', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER case_timeline_append_only BEFORE UPDATE OR DELETE ON case_timeline
    FOR EACH ROW EXECUTE FUNCTION case_timeline_refuse_change();
CREATE TRIGGER case_timeline_no_truncate BEFORE TRUNCATE ON case_timeline
    FOR EACH STATEMENT EXECUTE FUNCTION case_timeline_refuse_change();
