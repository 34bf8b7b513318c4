-- GET /v1/volunteers/{id}/allowance/{year}, rotating over the ids in the file named by the first argument.
-- Arguments (after --): <ids file> [year, default 2025].
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function init(args)
  ids = read_ids(args[1])
  year = args[2] or "2025"
  counter = tid * 7919 -- threads start at different volunteers
end

function request()
  counter = counter + 1
  return wrk.format("GET", "/v1/volunteers/" .. ids[counter % #ids + 1] .. "/allowance/" .. year)
end
