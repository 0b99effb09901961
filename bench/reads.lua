-- wrk script of bench/reads.py: cycles through the paths in WRK_PATHS (one a line), sends WRK_AUTH as the
-- Authorization header when set, and prints one RESULT line the benchmark parses (latencies in microseconds).
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local auth = os.getenv("WRK_AUTH")
local turn = 0

function setup(thread)
  thread:set("turn", math.random(#paths))
end

function request()
  turn = turn + 1
  local headers = {}
  if auth and auth ~= "" then headers["Authorization"] = auth end
  return wrk.format("GET", paths[(turn % #paths) + 1], headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %.1f %.1f\n", summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(95)))
end
