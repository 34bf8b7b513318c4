-- GET of filtered list pages, first pages and cursor pages, rotating over the request paths in the file named by
-- the first argument (one path with its query a line; run.sh part g writes it from the seeded ids).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function init(args)
  paths = read_ids(args[1])
  counter = tid * 7919 -- threads start at different paths
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[counter % #paths + 1])
end
