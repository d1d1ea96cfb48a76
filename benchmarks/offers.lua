-- wrk script: POST /offers with a fresh messageId per request, then print the figures as one JSON line.
-- Environment: BENCH_BODY_FILE (the envelope, with @MESSAGE_ID@ where the id goes), BENCH_TOKEN, BENCH_RUN.

local threads = {}
local counter = 0
local template, token, run

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "r"))
  template = file:read("*a")
  file:close()
  token = os.getenv("BENCH_TOKEN")
  run = tonumber(os.getenv("BENCH_RUN"))
end

function request()
  counter = counter + 1
  -- a UUID unique per run, thread and request: run (8 hex), thread (4 hex), counter (12 hex)
  local id = string.format("%08x-%04x-4000-8000-%012x", run, thread_id, counter)
  local body = template:gsub("@MESSAGE_ID@", id)
  local headers = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
  return wrk.format("POST", "/offers", headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
