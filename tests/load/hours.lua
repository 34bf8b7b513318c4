-- POST /v1/hours: batches of 1,000 new entries, as a partner's nightly export would send them: 50
-- placements (a block of consecutive ones from the file named by the first argument) x 20 days of the
-- last year, 1 minute each, every entry with its own externalId (run id, thread, counter, index).
-- Arguments (after --): <placement ids file> <run id>.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local DAY = 86400

function init(args)
  placements = read_ids(args[1])
  run = args[2] or tostring(os.time())
  counter = 0
  today = os.time()
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local first = (counter * 53 + tid * 17) % #placements
  local back = 20 + (counter * 29 + tid * 7) % 330 -- the window ends 20 to 349 days ago
  local parts, n = {}, 0
  for p = 0, 49 do
    local placement = placements[(first + p) % #placements + 1]
    for d = 0, 19 do
      n = n + 1
      parts[n] = string.format('{"externalId":"%s-%d-%d-%d","placementId":%s,"date":"%s","minutes":1}',
        run, tid, counter, n, placement, os.date("!%Y-%m-%d", today - (back - d) * DAY))
    end
  end
  return wrk.format("POST", "/v1/hours", nil, '{"entries":[' .. table.concat(parts, ",") .. ']}')
end
