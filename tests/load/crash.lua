-- POST /v1/payouts for crash.sh: 1 cent allowance payouts spread over the volunteers in the ids file and the
-- twelve months of 2025, each with its own Idempotency-Key, which is also the payout's description: the answer
-- names its request (wrk calls request() once more than it sends, so a queue of sent requests would be off by one).
-- Every acknowledged (201) payout is written at once (one file per thread, flushed per line) as
-- "key volunteerId month payoutId", so what the client was told survives the server's kill -9.
-- Arguments (after --): <ids file> <run id> <acks file prefix>.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function init(args)
  ids = read_ids(args[1])
  run = args[2]
  acks = assert(io.open(args[3] .. "-" .. tid .. ".txt", "a"))
  counter = 0
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local spread = counter * 7 + tid * 131
  local volunteer, month = ids[spread % #ids + 1], (counter + tid) % 12 + 1
  local key = run .. "-" .. tid .. "-" .. counter
  wrk.headers["Idempotency-Key"] = key
  return wrk.format("POST", "/v1/payouts", nil, string.format(
    '{"volunteerId":%s,"kind":"allowance","amountCents":1,"period":"2025-%02d","description":"%s"}', volunteer, month, key))
end

local base_response = response
function response(status, headers, body)
  base_response(status, headers, body)
  if status == 201 then
    acks:write(body:match('"description":"([^"]*)"'), " ", body:match('"volunteerId":(%d+)'), " ",
      tonumber(body:match('"period":"2025%-(%d%d)"')), " ", body:match('^{"id":(%d+)'), "\n")
    acks:flush()
  end
end
