-- wrk script for the GridGovernance benchmark. Arguments after `--`:
--   locate PATH LNG_MIN LNG_MAX LAT_MIN LAT_MAX        random points in the box: PATH?lng=..&lat=..
--   tile PREFIX Z X_MIN X_MAX Y_MIN Y_MAX               random tiles of zoom Z: PREFIX/Z/X/Y.mvt
--   fixed PATH [ETAG]                                   the same request every time, with If-None-Match when ETAG is given
--   stats FILE MONTHS ranking|drill|posts|posts-drill   the evaluation: FILE has one line per county, "cookie<TAB>county<TAB>
--                                                       township township …"; a random county and month (MONTHS: 2026-01,…);
--                                                       ranking: the county's townships; drill: a random township's villages;
--                                                       posts: the county's 岗位评价 table (posts.csv); posts-drill: a random
--                                                       township's
-- done() prints one line `RESULT {json}` with the rate and latency percentiles (ms) that run.sh collects.

local thread_count = 0

function setup(thread)
    thread_count = thread_count + 1
    thread:set("tid", thread_count)
end

local mode, fixed_request
local path, lng_min, lng_max, lat_min, lat_max
local prefix, z, x_min, x_max, y_min, y_max
local stats_rows, stats_months, stats_kind

function init(args)
    -- Each thread its own stream; the seed mixes in the time so that runs do not repeat one another's points.
    math.randomseed(os.time() * 7919 + (tid or 0) * 104729)
    mode = args[1]
    if mode == "locate" then
        path = args[2]
        lng_min, lng_max = tonumber(args[3]), tonumber(args[4])
        lat_min, lat_max = tonumber(args[5]), tonumber(args[6])
    elseif mode == "tile" then
        prefix = args[2]
        z = tonumber(args[3])
        x_min, x_max = tonumber(args[4]), tonumber(args[5])
        y_min, y_max = tonumber(args[6]), tonumber(args[7])
    elseif mode == "fixed" then
        local headers = {}
        if args[3] ~= nil and args[3] ~= "" then headers["If-None-Match"] = args[3] end
        fixed_request = wrk.format("GET", args[2], headers)
    elseif mode == "stats" then
        stats_rows, stats_months, stats_kind = {}, {}, args[4]
        for line in io.lines(args[2]) do
            local cookie, county, townships = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
            local list = {}
            for t in townships:gmatch("%S+") do list[#list + 1] = t end
            stats_rows[#stats_rows + 1] = { cookie = cookie, county = county, townships = list }
        end
        for m in args[3]:gmatch("[^,]+") do stats_months[#stats_months + 1] = m end
    else
        error("unknown mode " .. tostring(mode))
    end
end

function request()
    if mode == "locate" then
        return wrk.format("GET", string.format("%s?lng=%.6f&lat=%.6f", path,
            lng_min + math.random() * (lng_max - lng_min), lat_min + math.random() * (lat_max - lat_min)))
    elseif mode == "tile" then
        return wrk.format("GET", string.format("%s/%d/%d/%d.mvt", prefix, z,
            math.random(x_min, x_max), math.random(y_min, y_max)))
    elseif mode == "stats" then
        local row = stats_rows[math.random(#stats_rows)]
        local month = stats_months[math.random(#stats_months)]
        local path
        if stats_kind == "drill" then
            path = string.format("/api/staff/stats/ranking?month=%s&area=%s&level=village", month,
                row.townships[math.random(#row.townships)])
        elseif stats_kind == "posts" then
            path = string.format("/api/staff/stats/posts.csv?month=%s&area=%s", month, row.county)
        elseif stats_kind == "posts-drill" then
            path = string.format("/api/staff/stats/posts.csv?month=%s&area=%s", month,
                row.townships[math.random(#row.townships)])
        else
            path = string.format("/api/staff/stats/ranking?month=%s&area=%s&level=township", month, row.county)
        end
        return wrk.format("GET", path, { Cookie = row.cookie })
    end
    return fixed_request
end

function done(summary, latency, requests)
    local seconds = summary.duration / 1e6
    io.write(string.format(
        'RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p95_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
        '"errors_status":%d,"errors_socket":%d}\n',
        summary.requests, seconds, summary.requests / seconds,
        latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
        summary.errors.status,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
