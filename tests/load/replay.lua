-- wrk script for tests/load/server_load.mjs: replays prepared POST requests,
-- each once, over wrk's keep-alive connections, and prints its figures as
-- one JSON line. wrk (Debian's, C and OpenSSL) drives the load because a
-- Node client spends about as much processor time per request as the
-- server does, on the same two cores.
--   wrk ... -s replay.lua URL -- REQUESTS_FILE COOKIE CSRF THREADS
-- REQUESTS_FILE: one request per line, "PATH<TAB>BODY" (bodies are JSON,
-- without tabs or newlines); thread t of THREADS sends lines t, t+THREADS, ...

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- A global: done() reads it with thread:get.
local queue, sent = {}, 0
ranOut = false
local headers = {}

function init(args)
  local file, count = args[1], tonumber(args[4])
  headers["Content-Type"] = "application/json"
  headers["Cookie"] = "limn_session=" .. args[2]
  headers["X-Limn-CSRF"] = args[3]
  local i = 0
  for line in io.lines(file) do
    if i % count == id then
      local tab = line:find("\t", 1, true)
      table.insert(queue, { line:sub(1, tab - 1), line:sub(tab + 1) })
    end
    i = i + 1
  end
end

-- Past the end it sends the last request again: the server answers a
-- repeated op as a duplicate, so the figure would flatter; the JSON says so.
function request()
  sent = sent + 1
  if sent > #queue then ranOut = true end
  local r = queue[math.min(sent, #queue)]
  return wrk.format("POST", r[1], headers, r[2])
end

function done(summary, latency, requests)
  local out = false
  for _, t in ipairs(threads) do
    if t:get("ranOut") then out = true end
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"refused":%d,"socket_errors":%d,' ..
    '"p50_us":%d,"p99_us":%d,"max_us":%d,"ran_out":%s}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, tostring(out)))
end
