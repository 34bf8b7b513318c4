-- POST /v1/hours with one new entry a request, beside a payout run (part f): how long a small write waits while the
-- run books its chunks. Placements from the file named by the first argument, dates in the last year, 1 minute each.
-- Arguments (after --): <placement ids file> <run id>.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function init(args)
  placements = read_ids(args[1])
  run = args[2] or tostring(os.time())
  counter = 0
  today = os.time()
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local placement = placements[(counter * 31 + tid * 13) % #placements + 1]
  local date = os.date("!%Y-%m-%d", today - (20 + counter % 300) * 86400)
  return wrk.format("POST", "/v1/hours", nil, string.format(
    '{"entries":[{"externalId":"%s-%d-%d","placementId":%s,"date":"%s","minutes":1}]}', run, tid, counter, placement, date))
end
