-- Shared by the wrk scripts in this folder: numbers each thread, counts the answers by status in a
-- response() hook, and prints one machine-readable RESULT line when the run is done. Latencies in ms.
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

statuses = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

-- The volunteer ids the load script seeded, one per line.
function read_ids(path)
  local ids = {}
  for line in io.lines(path) do
    if line ~= "" then ids[#ids + 1] = line end
  end
  assert(#ids > 0, "no volunteer ids in " .. path)
  return ids
end

function done(summary, latency, requests)
  local total, ok, created, non2xx = {}, 0, 0, 0
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do
      total[code] = (total[code] or 0) + n
    end
  end
  local parts = {}
  for code, n in pairs(total) do
    if code >= 200 and code <= 299 then ok = ok + n else non2xx = non2xx + n end
    if code == 201 then created = created + n end
    parts[#parts + 1] = code .. ":" .. n
  end
  table.sort(parts)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f ok=%d created=%d created_per_s=%.1f non2xx=%d socket_errors=%d " ..
    "mean_ms=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f statuses=%s\n",
    summary.requests, seconds, summary.requests / seconds, ok, created, created / seconds, non2xx,
    e.connect + e.read + e.write + e.timeout,
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, table.concat(parts, ",")))
end
