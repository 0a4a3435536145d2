-- wrk script for load_restart.py: cycles through the paths given after "--", counts answers per
-- tenth of a second by outcome (200 or not), and prints them with wrk's totals at the end.
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } newsroom_timespec;
int clock_gettime(int clock, newsroom_timespec *ts);
]]
local timespec = ffi.new("newsroom_timespec")

-- wall-clock tenths of a second (CLOCK_REALTIME), comparable with Python's time.time()
local function tenth()
  ffi.C.clock_gettime(0, timespec)
  return tonumber(timespec.tv_sec) * 10 + math.floor(tonumber(timespec.tv_nsec) / 1e8)
end

local threads = {}

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths = args
  counter = offset
  ok, failed, statuses = {}, {}, {}
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[counter % #paths + 1])
end

function response(status, headers, body)
  local at = tenth()
  if status == 200 then
    ok[at] = (ok[at] or 0) + 1
  else
    failed[at] = (failed[at] or 0) + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for name, table_ in pairs({ok = thread:get("ok"), failed = thread:get("failed")}) do
      for at, n in pairs(table_) do
        counts[at] = counts[at] or {ok = 0, failed = 0}
        counts[at][name] = counts[at][name] + n
      end
    end
    for status, n in pairs(thread:get("statuses")) do
      io.write(string.format("status %d %d\n", status, n))
    end
  end
  for at, c in pairs(counts) do
    io.write(string.format("tenth %d %d %d\n", at, c.ok, c.failed))
  end
  local e = summary.errors
  io.write(string.format("requests %d\n", summary.requests))
  io.write(string.format("socket_errors %d %d %d %d\n", e.connect, e.read, e.write, e.timeout))
  for _, p in ipairs({50, 95, 99}) do
    io.write(string.format("latency_ms %d %.1f\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("latency_max_ms %.1f\n", latency.max / 1000))
end
