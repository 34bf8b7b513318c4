-- POST /v1/payouts: 1 cent allowance payouts spread over the volunteers in the file named by the first
-- argument and over the twelve months of 2025, so that no cap is reached; every request has its own
-- Idempotency-Key (run id, thread, counter). Arguments (after --): <ids file> <run id>.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function init(args)
  ids = read_ids(args[1])
  run = args[2] or tostring(os.time())
  counter = 0
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local spread = counter * 7 + tid * 131
  local body = string.format('{"volunteerId":%s,"kind":"allowance","amountCents":1,"period":"2025-%02d"}',
    ids[spread % #ids + 1], (counter + tid) % 12 + 1)
  wrk.headers["Idempotency-Key"] = run .. "-" .. tid .. "-" .. counter
  return wrk.format("POST", "/v1/payouts", nil, body)
end
