#!/usr/bin/env bash
# Load figures for the API on this machine, loopback only (see README.md beside this script):
#   a) headroom reads vs an empty minimal-API endpoint (requests/s and their ratio),
#   b) payout creation at 32 connections (created/s, p50/p99, non-2xx),
#   c) headroom latency for a volunteer with 10 payouts vs one with 100,000,
#   d) hour entries accepted per second in 1,000-entry batches, and the API's peak memory,
#   e) payout creation at 1/8/32/64 connections with Database:GroupCommit on vs off (a second API over its own
#      file), in alternating rounds, with the ratios on / off.
#   f) a payout run over RUN_VOLUNTEERS (10,000) volunteers x RUN_ENTRIES (20) approved entries, seeded straight into the
#      file, timed, with a concurrent writer posting one hour entry a request (its p99) and the API's peak RSS.
#   g) filtered list pages (hours by volunteer, volunteer + dates, placement, organisation, organisation's approval
#      queue; with c also payouts of the volunteer with HISTORY payouts), first pages and cursor pages, over
#      LIST_VOLUNTEERS volunteers and LIST_ENTRIES hour entries seeded straight into the file. Not in the default.
# COMPARE_DIR (another clone, built in Release) adds its API as a same-run baseline to a), c) and g), over the same file,
# and to d) over a file of its own (it writes; both files grow alike, the two sides alternating in ROUNDS rounds); b)'s
# baseline writes its payouts to the same file in alternating rounds. f)'s baseline runs the same month, seeded the same
# way, over d)'s baseline file, after this build's run (a run pays its entries once, so the two cannot share a file).
# For the issue's figures, COMPARE_DIR is the commit before issue 12 (5a25d85): every ratio is then the issue's effect.
# API_ENV (e.g. "DOTNET_gcServer=0") adds environment variables to this build's API only, to compare a runtime setting
# against COMPARE_DIR=<this clone> in the same run.
# PARTS (default abcde) picks the parts to run, e.g. PARTS=e for the group-commit comparison alone.
# HOURS_SCALE=issue posts d)'s batches over the registry of issue 12's measurement instead of the VOLUNTEERS load
# volunteers: LIST_VOLUNTEERS (10,000) volunteers with a placement each and LIST_ENTRIES (1,000,000) hour entries, seeded
# straight into d)'s files (part g's registry on this build's file, the same on the baseline's). The default (load)
# stacks each round's entries onto the 300 volunteers' days. Not with f) (the registry's entries would join its run).
# Builds in Release, starts the API on a fresh SQLite file and the baseline app, seeds through the API,
# measures with wrk, stops both servers and prints a summary. Bounded: every step has a time limit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-2}           # a) and c) alternate their two sides in this many rounds of DURATION / ROUNDS
WARMUP=${WARMUP:-5s}
VOLUNTEERS=${VOLUNTEERS:-300}
HISTORY=${HISTORY:-100000}
HOURS_CONNECTIONS=${HOURS_CONNECTIONS:-4}
API_PORT=${API_PORT:-5791}
BASE_PORT=${BASE_PORT:-5792}
DEADLINE=${DEADLINE:-480}
SKIP_BUILD=${SKIP_BUILD:-0}
PARTS=${PARTS:-abcde}
E_CLIENTS=${E_CLIENTS:-1 8 32 64}
RUN_VOLUNTEERS=${RUN_VOLUNTEERS:-10000}
RUN_ENTRIES=${RUN_ENTRIES:-20}
RUN_PERIOD=${RUN_PERIOD:-2025-11}
RUN_HOURS_CONNECTIONS=${RUN_HOURS_CONNECTIONS:-2}
LIST_VOLUNTEERS=${LIST_VOLUNTEERS:-10000}
LIST_ENTRIES=${LIST_ENTRIES:-1000000}
HOURS_SCALE=${HOURS_SCALE:-load}
OFF_PORT=${OFF_PORT:-5793}
LIST_CONNECTIONS=${LIST_CONNECTIONS:-4 32}
COMPARE_DIR=${COMPARE_DIR:-}
CMP_PORT=${CMP_PORT:-5795}
CMPW_PORT=${CMPW_PORT:-5796}   # d)'s baseline, writing to a file of its own
# e)'s second side: by default this build with group commit off. OFF_API_DIR (another build's api/bin/Release/net10.0,
# e.g. the commit before a change) with OFF_GROUP_COMMIT=true compares two builds in the same run instead.
OFF_API_DIR=${OFF_API_DIR:-$ROOT/api/bin/Release/net10.0}
OFF_GROUP_COMMIT=${OFF_GROUP_COMMIT:-false}
has() { [[ $PARTS == *$1* ]]; }
case $HOURS_SCALE in
  load) ;;
  issue) if has f; then echo "HOURS_SCALE=issue is not for part f (its run would pay the registry's entries)" >&2; exit 2; fi ;;
  *) echo "HOURS_SCALE is load or issue, not $HOURS_SCALE" >&2; exit 2 ;;
esac

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install -y curl" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/burgerbaan-load.XXXXXX")
DB="$WORK/load.db"
KEY="bb_load_$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
API="http://127.0.0.1:$API_PORT"
BASE="http://127.0.0.1:$BASE_PORT"
OFF="http://127.0.0.1:$OFF_PORT"
CMP="http://127.0.0.1:$CMP_PORT"
CMPW="http://127.0.0.1:$CMPW_PORT"
API_PID="" BASE_PID="" OFF_PID="" CMP_PID="" CMPW_PID="" WATCHDOG=""
START=$SECONDS
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

stop() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}
cleanup() {
  stop "$API_PID"
  stop "$BASE_PID"
  stop "$OFF_PID"
  stop "$CMP_PID"
  stop "$CMPW_PID"
  if [ -n "$WATCHDOG" ]; then kill $(pgrep -P "$WATCHDOG") "$WATCHDOG" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'echo "load: interrupted" >&2; exit 130' INT TERM
# The backstop: whatever hangs, the run ends after DEADLINE seconds.
( sleep "$DEADLINE"; echo "load: deadline of ${DEADLINE}s reached, stopping" >&2; kill -TERM $$ ) 2>/dev/null &
WATCHDOG=$!

log() { printf '[%3ds] %s\n' $((SECONDS - START)) "$*" >&2; }

if [ "$SKIP_BUILD" != 1 ]; then
  log "building api, baseline and seeder (Release)"
  for project in tests/Burgerbaan.Benchmarks tests/Burgerbaan.LoadBaseline; do
    timeout 240 dotnet build -c Release --nologo -v q "$ROOT/$project" >"$WORK/build.log" 2>&1 \
      || { cat "$WORK/build.log" >&2; exit 1; }
  done
fi

wait_ready() {
  local url=$1 pid=$2
  for _ in $(seq 150); do
    curl -fsS --max-time 1 "$url" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "server exited; log:" >&2; cat "$WORK"/*.log >&2; exit 1; }
    sleep 0.2
  done
  echo "not ready: $url" >&2; exit 1
}

for url in "$API" "$BASE" "$OFF" ${COMPARE_DIR:+"$CMP" "$CMPW"}; do # a server left over from another run would answer in place of ours
  if curl -s --max-time 1 -o /dev/null "$url"; then echo "something already listens on $url; set API_PORT / BASE_PORT" >&2; exit 1; fi
done
log "starting the API on $API (database $DB) and the baseline on $BASE"
# env -C execs dotnet in place, so $! is the server process itself (for its CPU time and peak RSS).
# shellcheck disable=SC2086 # API_ENV is a list of VAR=value words
env -C "$ROOT/api/bin/Release/net10.0" ${API_ENV:-} ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$API" \
  ConnectionStrings__Burgerbaan="Data Source=$DB" BURGERBAAN_BOOTSTRAP_ADMIN_KEY="$KEY" \
  Logging__LogLevel__Default=Warning RateLimiting__HoursPerMinute=1000000 dotnet Burgerbaan.Api.dll >"$WORK/api.log" 2>&1 &
API_PID=$!
env -C "$ROOT/tests/Burgerbaan.LoadBaseline/bin/Release/net10.0" ASPNETCORE_ENVIRONMENT=Production \
  ASPNETCORE_URLS="$BASE" Logging__LogLevel__Default=Warning dotnet Burgerbaan.LoadBaseline.dll >"$WORK/baseline.log" 2>&1 &
BASE_PID=$!
if has e; then
  log "starting a second API on $OFF from $OFF_API_DIR with Database:GroupCommit=$OFF_GROUP_COMMIT (database $WORK/off.db)"
  env -C "$OFF_API_DIR" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$OFF" Database__GroupCommit="$OFF_GROUP_COMMIT" \
    ConnectionStrings__Burgerbaan="Data Source=$WORK/off.db" BURGERBAAN_BOOTSTRAP_ADMIN_KEY="$KEY" \
    Logging__LogLevel__Default=Warning dotnet Burgerbaan.Api.dll >"$WORK/api-off.log" 2>&1 &
  OFF_PID=$!
  wait_ready "$OFF/health/ready" "$OFF_PID"
fi
if { has d || has f; } && [ -n "$COMPARE_DIR" ]; then
  log "starting d)'s and f)'s baseline API from $COMPARE_DIR on $CMPW (database $WORK/cmp-hours.db, migrated by that build)"
  env -C "$COMPARE_DIR/api/bin/Release/net10.0" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$CMPW" \
    ConnectionStrings__Burgerbaan="Data Source=$WORK/cmp-hours.db" BURGERBAAN_BOOTSTRAP_ADMIN_KEY="$KEY" \
    Logging__LogLevel__Default=Warning RateLimiting__HoursPerMinute=1000000 dotnet Burgerbaan.Api.dll >"$WORK/api-cmpw.log" 2>&1 &
  CMPW_PID=$!
  wait_ready "$CMPW/health/ready" "$CMPW_PID"
fi
wait_ready "$API/health/ready" "$API_PID"
wait_ready "$BASE/empty" "$BASE_PID"

# Seeding POSTs go through one curl process over one kept-alive connection: stdin holds lines of
# "path<TAB>json body"; stdout gets one response body per line. Fails on any non-2xx answer.
batch_post() {
  local config="$WORK/curl.conf" first=1 expected=0
  : >"$config"
  while IFS=$'\t' read -r path body; do
    [ $first = 1 ] || echo next >>"$config"
    first=0 expected=$((expected + 1))
    printf 'url = "%s%s"\nheader = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\n' "${TARGET:-$API}" "$path" "$KEY" >>"$config"
    printf 'data = "%s"\nwrite-out = "\\n%%{http_code}\\n"\n' "${body//\"/\\\"}" >>"$config"
  done
  curl -sS --max-time 120 -K "$config" >"$WORK/curl.out" 2>"$WORK/curl.err" || true
  local good
  good=$(grep -cx '20[01]' "$WORK/curl.out" || true)
  if [ "$good" -ne "$expected" ]; then
    echo "seeding: $good of $expected requests succeeded" >&2; tail -5 "$WORK/curl.out" "$WORK/curl.err" >&2; exit 1
  fi
  grep -vx '[0-9][0-9][0-9]' "$WORK/curl.out"
}
ids_of() { grep -o '"id":[0-9]*,"firstName"' | cut -d: -f2 | cut -d, -f1; }

log "seeding $((VOLUNTEERS + 2)) volunteers with a 2025 agreement through the API"
for i in $(seq "$VOLUNTEERS") Light Heavy; do
  printf '/v1/volunteers\t{"firstName":"Load","lastName":"V%s","dateOfBirth":"1990-05-17"}\n' "$i"
done | batch_post | ids_of >"$WORK/all-ids.txt"
[ "$(wc -l <"$WORK/all-ids.txt")" -eq $((VOLUNTEERS + 2)) ] || { echo "seeding volunteers failed" >&2; exit 1; }
while read -r id; do
  printf '/v1/volunteers/%s/agreements\t{"startDate":"2025-01-01","endDate":"2025-12-31"}\n' "$id"
done <"$WORK/all-ids.txt" | batch_post >/dev/null
head -n "$VOLUNTEERS" "$WORK/all-ids.txt" >"$WORK/ids.txt"
LIGHT=$(sed -n "$((VOLUNTEERS + 1))p" "$WORK/all-ids.txt")
HEAVY=$(sed -n "$((VOLUNTEERS + 2))p" "$WORK/all-ids.txt")
echo "$LIGHT" >"$WORK/light.txt"
echo "$HEAVY" >"$WORK/heavy.txt"
if has c; then
for m in 01 02 03 04 05 06 07 08 09 10; do
  printf '/v1/payouts\t{"volunteerId":%s,"kind":"allowance","amountCents":100,"period":"2025-%s"}\n' "$LIGHT" "$m"
done | batch_post >/dev/null
fi
if has d; then
log "placing the $VOLUNTEERS volunteers at one organisation since 2025-10-01, for the hours run"
printf '/v1/organisations\t{"name":"Load partner","kind":"nonprofit"}\n' | batch_post | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2 >"$WORK/org.txt"
while read -r id; do
  printf '/v1/placements\t{"volunteerId":%s,"organisationId":%s,"startDate":"2025-10-01","activity":"Load"}\n' "$id" "$(cat "$WORK/org.txt")"
done <"$WORK/ids.txt" | batch_post | grep -o '^{"id":[0-9]*' | cut -d: -f2 >"$WORK/placements.txt"
[ "$(wc -l <"$WORK/placements.txt")" -eq "$VOLUNTEERS" ] || { echo "seeding placements failed" >&2; exit 1; }
if [ -n "$COMPARE_DIR" ]; then
  log "the same organisation, volunteers and placements on d)'s baseline"
  for i in $(seq "$VOLUNTEERS"); do
    printf '/v1/volunteers\t{"firstName":"Load","lastName":"V%s","dateOfBirth":"1990-05-17"}\n' "$i"
  done | TARGET=$CMPW batch_post | ids_of >"$WORK/cmp-ids.txt"
  printf '/v1/organisations\t{"name":"Load partner","kind":"nonprofit"}\n' | TARGET=$CMPW batch_post | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2 >"$WORK/cmp-org.txt"
  while read -r id; do
    printf '/v1/placements\t{"volunteerId":%s,"organisationId":%s,"startDate":"2025-10-01","activity":"Load"}\n' "$id" "$(cat "$WORK/cmp-org.txt")"
  done <"$WORK/cmp-ids.txt" | TARGET=$CMPW batch_post | grep -o '^{"id":[0-9]*' | cut -d: -f2 >"$WORK/cmp-placements.txt"
  [ "$(wc -l <"$WORK/cmp-placements.txt")" -eq "$VOLUNTEERS" ] || { echo "seeding d)'s baseline failed" >&2; exit 1; }
fi
fi
if has c; then
log "seeding $HISTORY payouts for volunteer $HEAVY straight into the database"
timeout 120 dotnet "$ROOT/tests/Burgerbaan.Benchmarks/bin/Release/net10.0/Burgerbaan.Benchmarks.dll" seed "$DB" "$HEAVY" "$HISTORY" >&2
heavy_counted=$(curl -fsS --max-time 10 -H "Authorization: Bearer $KEY" "$API/v1/volunteers/$HEAVY/allowance/2025" \
  | grep -o '"countedCents":[0-9]*' | head -1 | cut -d: -f2)
log "volunteer $HEAVY now counts $heavy_counted cents in 2025 (read through the API)"
fi
# seed_registry <file> <output>: LIST_VOLUNTEERS volunteers, a placement each and LIST_ENTRIES hour entries, straight
# into the file; <output> gets the seeder's first ids (first_volunteer=..., first_placement=...).
seed_registry() {
  log "seeding $LIST_VOLUNTEERS volunteers, a placement each and $LIST_ENTRIES hour entries straight into $1"
  timeout "$DEADLINE" dotnet "$ROOT/tests/Burgerbaan.Benchmarks/bin/Release/net10.0/Burgerbaan.Benchmarks.dll" \
    seed-lists "$1" "$LIST_VOLUNTEERS" "$LIST_ENTRIES" >"$2"
}
seeded_in() { sed -n "s/.*$2=\([0-9]*\).*/\1/p" "$1"; }
if has d && [ "$HOURS_SCALE" = issue ]; then
  seed_registry "$DB" "$WORK/lists-seed.txt"
  # The seeder puts volunteer i at organisation i % 100; the file lists the placements organisation by organisation,
  # so that a batch's 50 consecutive placements belong to one partner (two at a block's edge), as a partner's export would.
  by_organisation() { awk -v p0="$(seeded_in "$1" first_placement)" -v n="$LIST_VOLUNTEERS" \
    'BEGIN { for (k = 0; k < 100; k++) for (i = k; i < n; i += 100) print p0 + i }'; }
  by_organisation "$WORK/lists-seed.txt" >"$WORK/placements.txt"
  if [ -n "$COMPARE_DIR" ]; then
    seed_registry "$WORK/cmp-hours.db" "$WORK/cmp-lists-seed.txt"
    by_organisation "$WORK/cmp-lists-seed.txt" >"$WORK/cmp-placements.txt"
  fi
fi
if has g; then
  [ -s "$WORK/lists-seed.txt" ] || seed_registry "$DB" "$WORK/lists-seed.txt"
  seeded() { seeded_in "$WORK/lists-seed.txt" "$1"; }
  V0=$(seeded first_volunteer) O0=$(seeded first_organisation) P0=$(seeded first_placement)
  for k in $(seq 0 49); do # 50 of each, spread over the seeded rows
    v=$((V0 + k * LIST_VOLUNTEERS / 50)) p=$((P0 + k * LIST_VOLUNTEERS / 50 + 1)) o=$((O0 + k))
    printf '%s\n' "/v1/hours?volunteerId=$v" "/v1/hours?volunteerId=$v&from=2025-06-01&to=2025-06-30" "/v1/hours?placementId=$p" \
      "/v1/hours?organisationId=$o" "/v1/hours?organisationId=$o&status=submitted"
  done >"$WORK/lists-first.txt"
  if has c; then
    printf '%s\n' "/v1/payouts?volunteerId=$HEAVY" "/v1/payouts?volunteerId=$HEAVY&from=2025-03&to=2025-03" \
      "/v1/payouts?volunteerId=$HEAVY&status=cancelled" >>"$WORK/lists-first.txt"
  fi
  # Cursor pages: each first page's nextCursor, as a client would follow it.
  while read -r path; do
    cursor=$(curl -fsS --max-time 10 -H "Authorization: Bearer $KEY" "$API$path" | sed -n 's/.*"nextCursor":"\([^"]*\)".*/\1/p')
    if [ -n "$cursor" ]; then echo "$path&cursor=$cursor"; fi
  done <"$WORK/lists-first.txt" >"$WORK/lists-cursor.txt"
  log "list paths: $(wc -l <"$WORK/lists-first.txt") first pages, $(wc -l <"$WORK/lists-cursor.txt") cursor pages"
fi
if [ -n "$COMPARE_DIR" ]; then
  # The baseline build reads the same file (WAL lets both read at once); it starts after the seeding, so it migrates
  # nothing and finds the admin key in place. Only a), c) and g), which read, go to it.
  CMP_COMMIT=$(git -C "$COMPARE_DIR" rev-parse --short HEAD 2>/dev/null || echo "?")
  log "starting the baseline API from $COMPARE_DIR ($CMP_COMMIT) on $CMP over the same database"
  env -C "$COMPARE_DIR/api/bin/Release/net10.0" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$CMP" \
    ConnectionStrings__Burgerbaan="Data Source=$DB" BURGERBAAN_BOOTSTRAP_ADMIN_KEY="$KEY" \
    Logging__LogLevel__Default=Warning RateLimiting__HoursPerMinute=1000000 dotnet Burgerbaan.Api.dll >"$WORK/api-cmp.log" 2>&1 &
  CMP_PID=$!
  wait_ready "$CMP/health/ready" "$CMP_PID"
fi
if has e; then
  log "seeding $VOLUNTEERS volunteers with a 2025 agreement on the GroupCommit=false API"
  for i in $(seq "$VOLUNTEERS"); do
    printf '/v1/volunteers\t{"firstName":"Load","lastName":"V%s","dateOfBirth":"1990-05-17"}\n' "$i"
  done | TARGET=$OFF batch_post | ids_of >"$WORK/ids-off.txt"
  [ "$(wc -l <"$WORK/ids-off.txt")" -eq "$VOLUNTEERS" ] || { echo "seeding the second API failed" >&2; exit 1; }
  while read -r id; do
    printf '/v1/volunteers/%s/agreements\t{"startDate":"2025-01-01","endDate":"2025-12-31"}\n' "$id"
  done <"$WORK/ids-off.txt" | TARGET=$OFF batch_post >/dev/null
fi

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" "$WORK/$1.result"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time of a process, in clock ticks
TICK_US=$((1000000 / $(getconf CLK_TCK)))
status_mb() { awk -v k="$1:" '$1 == k {printf "%.0f", $2 / 1024}' "/proc/$2/status"; } # VmRSS or VmHWM of a process, in MB
bench() { # name url script duration [script args...] -> RESULT line (plus the server's CPU per request) in $WORK/<name>.result
  local name=$1 url=$2 script=$3 duration=$4; shift 4
  local auth=() pid=$BASE_PID before after threads=$(( THREADS < CONNECTIONS ? THREADS : CONNECTIONS ))
  if [ "$url" = "$API" ]; then auth=(-H "Authorization: Bearer $KEY"); pid=$API_PID; fi
  if [ "$url" = "$OFF" ]; then auth=(-H "Authorization: Bearer $KEY"); pid=$OFF_PID; fi
  if [ "$url" = "$CMP" ]; then auth=(-H "Authorization: Bearer $KEY"); pid=$CMP_PID; fi
  if [ "$url" = "$CMPW" ]; then auth=(-H "Authorization: Bearer $KEY"); pid=$CMPW_PID; fi
  before=$(cpu_ticks "$pid")
  timeout 90 wrk -t"$threads" -c"$CONNECTIONS" -d"$duration" --timeout "${WRK_TIMEOUT:-2s}" --latency "${auth[@]}" -s "$HERE/$script" "$url" -- "$@" \
    >"$WORK/$name.out" 2>&1 || { cat "$WORK/$name.out" >&2; exit 1; }
  after=$(cpu_ticks "$pid")
  grep '^RESULT ' "$WORK/$name.out" >"$WORK/$name.result" || { cat "$WORK/$name.out" >&2; exit 1; }
  sed -i "s/\$/ server_cpu_us_per_request=$(awk -v t=$((after - before)) -v us="$TICK_US" -v n="$(field "$name" requests)" \
    'BEGIN { printf "%.1f", (n > 0 ? t * us / n : 0) }')/" "$WORK/$name.result"
  log "$name: $(cut -c8- "$WORK/$name.result")"
}

# The JIT keeps improving the hot paths for thousands of requests (tiered compilation); payouts are
# slow enough to need two rounds before their figures settle.
log "warming up ($WARMUP per round)"
if has a; then bench warm-empty "$BASE" empty.lua "$WARMUP"; fi
if has a || has c; then bench warm-headroom "$API" headroom.lua "$WARMUP" "$WORK/ids.txt"; fi
if [ -n "$COMPARE_DIR" ] && { has a || has c; }; then bench warm-cmp-headroom "$CMP" headroom.lua "$WARMUP" "$WORK/ids.txt"; fi
bench warm-payouts "$API" payouts.lua "$WARMUP" "$WORK/ids.txt" "warm1-$$"
bench warm-payouts "$API" payouts.lua "$WARMUP" "$WORK/ids.txt" "warm2-$$"
if [ -n "$COMPARE_DIR" ] && has b; then
  bench warm-cmp-payouts "$CMP" payouts.lua "$WARMUP" "$WORK/ids.txt" "cmpwarm1-$$"
  bench warm-cmp-payouts "$CMP" payouts.lua "$WARMUP" "$WORK/ids.txt" "cmpwarm2-$$"
fi
if has e; then
  bench warm-off "$OFF" payouts.lua "$WARMUP" "$WORK/ids-off.txt" "warm1-$$"
  bench warm-off "$OFF" payouts.lua "$WARMUP" "$WORK/ids-off.txt" "warm2-$$"
fi

# Merges rounds into one result: requests, seconds and counts add up, mean latency and CPU per request
# are weighted by requests, and each percentile is the worst round's (percentiles do not add up).
combine() { # name rounds...
  local name=$1; shift
  for r in "$@"; do cat "$WORK/$r.result"; done | awk '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      n = v["requests"]; req += n; sec += v["seconds"]; ok += v["ok"]; created += v["created"]; bad += v["non2xx"]
      err += v["socket_errors"]; mean += v["mean_ms"] * n; cpu += v["server_cpu_us_per_request"] * n
      split("p50_ms p90_ms p99_ms max_ms", qs, " ")
      for (j = 1; j <= 4; j++) if (NR == 1 || v[qs[j]] + 0 > worst[qs[j]]) worst[qs[j]] = v[qs[j]] + 0
      statuses = statuses (NR > 1 ? "+" : "") v["statuses"] }
    END { printf "RESULT requests=%d seconds=%.2f rps=%.1f ok=%d created=%d created_per_s=%.1f non2xx=%d socket_errors=%d " \
                 "mean_ms=%.3f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f statuses=%s server_cpu_us_per_request=%.1f\n",
            req, sec, req / sec, ok, created, created / sec, bad, err, mean / req,
            worst["p50_ms"], worst["p90_ms"], worst["p99_ms"], worst["max_ms"], statuses, cpu / req }' \
    >"$WORK/$name.result"
  log "$name ($# rounds): $(cut -c8- "$WORK/$name.result")"
}
# A part measured on this build and on the baseline in alternating rounds of $ROUND; the order flips every round, so
# neither side always runs second. Writes NAME-<round>, cmp-NAME-<round> and their combined NAME and cmp-NAME results.
alternate() { # name script ids tag baseline-url baseline-ids baseline-tag (each tag gets -<round>)
  local name=$1 script=$2 ids=$3 tag=$4 cmp_url=$5 cmp_ids=$6 cmp_tag=$7 r
  for r in $(seq "$ROUNDS"); do
    if [ $((r % 2)) = 0 ]; then bench "cmp-$name-$r" "$cmp_url" "$script" "$ROUND" "$cmp_ids" "$cmp_tag-$r"; fi
    bench "$name-$r" "$API" "$script" "$ROUND" "$ids" "$tag-$r"
    if [ $((r % 2)) = 1 ]; then bench "cmp-$name-$r" "$cmp_url" "$script" "$ROUND" "$cmp_ids" "$cmp_tag-$r"; fi
  done
  combine "$name" $(seq -f "$name-%g" "$ROUNDS")
  combine "cmp-$name" $(seq -f "cmp-$name-%g" "$ROUNDS")
}
ROUND=$(awk -v d="${DURATION%s}" -v r="$ROUNDS" 'BEGIN { printf "%gs", d / r }')

if has a; then
log "a) empty endpoint vs headroom, $ROUNDS alternating rounds of $ROUND each"
for r in $(seq "$ROUNDS"); do
  bench "empty-$r" "$BASE" empty.lua "$ROUND"
  bench "headroom-$r" "$API" headroom.lua "$ROUND" "$WORK/ids.txt"
  if [ -n "$COMPARE_DIR" ]; then bench "cmp-headroom-$r" "$CMP" headroom.lua "$ROUND" "$WORK/ids.txt"; fi
done
combine empty $(seq -f 'empty-%g' "$ROUNDS")
combine headroom $(seq -f 'headroom-%g' "$ROUNDS")
if [ -n "$COMPARE_DIR" ]; then combine cmp-headroom $(seq -f 'cmp-headroom-%g' "$ROUNDS"); fi
fi
if has b; then
log "b) payouts, $DURATION"
if [ -z "$COMPARE_DIR" ]; then
  bench payouts "$API" payouts.lua "$DURATION" "$WORK/ids.txt" "run$$"
else
  # The baseline writes its payouts (1 cent each, no cap near) to the same file, in alternating rounds.
  alternate payouts payouts.lua "$WORK/ids.txt" "run$$" "$CMP" "$WORK/ids.txt" "cmp$$"
fi
fi
if has c; then
log "c) headroom of volunteer $LIGHT (10 payouts) vs $HEAVY ($HISTORY payouts), $ROUNDS alternating rounds of $ROUND each"
for r in $(seq "$ROUNDS"); do
  bench "light-$r" "$API" headroom.lua "$ROUND" "$WORK/light.txt"
  bench "heavy-$r" "$API" headroom.lua "$ROUND" "$WORK/heavy.txt"
  if [ -n "$COMPARE_DIR" ]; then
    bench "cmp-light-$r" "$CMP" headroom.lua "$ROUND" "$WORK/light.txt"
    bench "cmp-heavy-$r" "$CMP" headroom.lua "$ROUND" "$WORK/heavy.txt"
  fi
done
combine light $(seq -f 'light-%g' "$ROUNDS")
combine heavy $(seq -f 'heavy-%g' "$ROUNDS")
if [ -n "$COMPARE_DIR" ]; then
  combine cmp-light $(seq -f 'cmp-light-%g' "$ROUNDS")
  combine cmp-heavy $(seq -f 'cmp-heavy-%g' "$ROUNDS")
fi
fi

if has d; then
log "d) hours in 1,000-entry batches at $HOURS_CONNECTIONS connections, $DURATION"
CONNECTIONS_SAVED=$CONNECTIONS; CONNECTIONS=$HOURS_CONNECTIONS
bench warm-hours "$API" hours.lua "$WARMUP" "$WORK/placements.txt" "warm$$"
if [ -z "$COMPARE_DIR" ]; then
  bench hours "$API" hours.lua "$DURATION" "$WORK/placements.txt" "run$$"
else
  # Alternating rounds, so that both files have grown alike when each side is measured.
  bench warm-cmp-hours "$CMPW" hours.lua "$WARMUP" "$WORK/cmp-placements.txt" "warm$$"
  alternate hours hours.lua "$WORK/placements.txt" "run$$" "$CMPW" "$WORK/cmp-placements.txt" "run$$"
fi
CONNECTIONS=$CONNECTIONS_SAVED
fi

if has e; then
log "e) payouts with group commit on ($API) vs off ($OFF) at $E_CLIENTS connections, $ROUNDS alternating rounds of $ROUND each"
CONNECTIONS_SAVED=$CONNECTIONS
for n in $E_CLIENTS; do
  CONNECTIONS=$n
  for r in $(seq "$ROUNDS"); do # the order flips every round, so neither side always runs second
    if [ $((r % 2)) = 1 ]; then sides="on off"; else sides="off on"; fi
    for side in $sides; do
      if [ "$side" = on ]; then url=$API ids="$WORK/ids.txt"; else url=$OFF ids="$WORK/ids-off.txt"; fi
      bench "e-$side-$n-$r" "$url" payouts.lua "$ROUND" "$ids" "e$n-$r-$$"
    done
  done
  combine "e-on-$n" $(seq -f "e-on-$n-%g" "$ROUNDS")
  combine "e-off-$n" $(seq -f "e-off-$n-%g" "$ROUNDS")
done
CONNECTIONS=$CONNECTIONS_SAVED
fi

if has f; then
# One payout run against the API at $2 (server process $3) over the file $4: seeds its month straight into the file, posts
# one hour entry a request on RUN_HOURS_CONNECTIONS connections meanwhile, and leaves in $WORK/<name>.*: the run's
# status and seconds, its answer, the API's CPU while it ran and the API's RSS before it. $1 names the files.
payout_run() {
  local name=$1 url=$2 pid=$3 db=$4 writer="" cpu_before
  log "f) $name: seeding $RUN_VOLUNTEERS volunteers x $RUN_ENTRIES approved entries in $RUN_PERIOD straight into $db"
  timeout 300 dotnet "$ROOT/tests/Burgerbaan.Benchmarks/bin/Release/net10.0/Burgerbaan.Benchmarks.dll" seed-run "$db" \
    "$RUN_VOLUNTEERS" "$RUN_ENTRIES" "$RUN_PERIOD" >"$WORK/$name-placements.txt"
  status_mb VmRSS "$pid" >"$WORK/$name.rss-before"
  log "f) $name: payout run for $RUN_PERIOD with $RUN_HOURS_CONNECTIONS connections posting one hour entry a request for $RUN_WRK"
  if [ "$RUN_HOURS_CONNECTIONS" -gt 0 ]; then
    # wrk drops a request that waits longer than its timeout (2 s) from the percentiles: the writer waits up to 60 s,
    # so a write held for a whole run (a run in one transaction) shows in max instead of vanishing.
    ( CONNECTIONS=$RUN_HOURS_CONNECTIONS WRK_TIMEOUT=60s bench "$name-hours" "$url" run-hours.lua "$RUN_WRK" "$WORK/$name-placements.txt" "$name$$" ) &
    writer=$!
    sleep 1
  fi
  cpu_before=$(cpu_ticks "$pid")
  curl -sS --max-time 120 -o "$WORK/$name.json" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $KEY" \
    -H "Content-Type: application/json" -H "Idempotency-Key: load-$name-$$" -d "{\"period\":\"$RUN_PERIOD\"}" "$url/v1/payout-runs" >"$WORK/$name.status"
  awk -v t=$(($(cpu_ticks "$pid") - cpu_before)) -v us="$TICK_US" 'BEGIN { printf "%.2f", t * us / 1e6 }' >"$WORK/$name.cpu"
  [ -z "$writer" ] || wait "$writer"
  log "f) $name answered $(cut -d' ' -f1 "$WORK/$name.status") in $(cut -d' ' -f2 "$WORK/$name.status") s, API CPU $(cat "$WORK/$name.cpu") s"
}
RUN_WRK=${RUN_WRK:-30s}
payout_run run "$API" "$API_PID" "$DB"
# The baseline runs the same month over a file of its own (d's, or a fresh one): a run pays its entries once.
if [ -n "$COMPARE_DIR" ]; then payout_run cmp-run "$CMPW" "$CMPW_PID" "$WORK/cmp-hours.db"; fi
fi

if has g; then
log "g) filtered list pages over $LIST_ENTRIES hour entries, first pages then cursor pages, at $LIST_CONNECTIONS connections, $ROUNDS alternating rounds of $ROUND each"
bench warm-lists "$API" lists.lua "$WARMUP" "$WORK/lists-first.txt"
if [ -n "$COMPARE_DIR" ]; then bench warm-cmp-lists "$CMP" lists.lua "$WARMUP" "$WORK/lists-first.txt"; fi
CONNECTIONS_SAVED=$CONNECTIONS
for n in $LIST_CONNECTIONS; do
  CONNECTIONS=$n
  for side in first cursor; do
    for r in $(seq "$ROUNDS"); do
      bench "lists-$side-$n-$r" "$API" lists.lua "$ROUND" "$WORK/lists-$side.txt"
      if [ -n "$COMPARE_DIR" ]; then bench "cmp-lists-$side-$n-$r" "$CMP" lists.lua "$ROUND" "$WORK/lists-$side.txt"; fi
    done
    combine "lists-$side-$n" $(seq -f "lists-$side-$n-%g" "$ROUNDS")
    if [ -n "$COMPARE_DIR" ]; then combine "cmp-lists-$side-$n" $(seq -f "cmp-lists-$side-$n-%g" "$ROUNDS"); fi
  done
done
CONNECTIONS=$CONNECTIONS_SAVED
fi

PEAK_RSS=$(awk '/^VmHWM/ {print $2, $3}' "/proc/$API_PID/status")
PEAK_MB=$(status_mb VmHWM "$API_PID")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == ">=") ? v >= t : v <= t; print ok ? "met" : "MISSED" }'; }

echo
echo "== Burgerbaan load summary ($(date -u +%Y-%m-%dT%H:%MZ)), parts $PARTS"
cat <<EOF
machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
load average (1, 5, 15 min): $LOAD_BEFORE at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end
wrk: -t$THREADS -c$CONNECTIONS --latency, $DURATION per side (a, c and e: $ROUNDS alternating rounds, percentiles of the worst round); warm-up $WARMUP; $VOLUNTEERS volunteers; SQLite file
EOF
if has a; then
read_ratio=$(ratio "$(field headroom rps)" "$(field empty rps)")
cpu_ratio=$(ratio "$(field empty server_cpu_us_per_request)" "$(field headroom server_cpu_us_per_request)")
cat <<EOF
a) GET /empty (baseline)                   $(field empty rps) req/s   p50 $(field empty p50_ms) ms  p99 $(field empty p99_ms) ms
   GET /v1/volunteers/{id}/allowance/2025  $(field headroom rps) req/s   p50 $(field headroom p50_ms) ms  p99 $(field headroom p99_ms) ms  non-2xx $(field headroom non2xx)
   ratio headroom / empty                  $read_ratio   (target >= 0.4: $(verdict "$read_ratio" ">=" 0.4))
   server CPU per request                  empty $(field empty server_cpu_us_per_request) us, headroom $(field headroom server_cpu_us_per_request) us (ratio $cpu_ratio)
EOF
if [ -n "$COMPARE_DIR" ]; then
cat <<EOF
   baseline $CMP_COMMIT, same rounds        $(field cmp-headroom rps) req/s   p99 $(field cmp-headroom p99_ms) ms  CPU $(field cmp-headroom server_cpu_us_per_request) us/request   ratio to empty $(ratio "$(field cmp-headroom rps)" "$(field empty rps)")
   this build / baseline                   req/s $(ratio "$(field headroom rps)" "$(field cmp-headroom rps)")   CPU per request $(ratio "$(field headroom server_cpu_us_per_request)" "$(field cmp-headroom server_cpu_us_per_request)")
EOF
fi
fi
if has b; then
bad=$(( $(field payouts non2xx) + $(field payouts socket_errors) ))
cat <<EOF
b) POST /v1/payouts                        $(field payouts created_per_s) created/s   p50 $(field payouts p50_ms) ms  p99 $(field payouts p99_ms) ms  CPU $(field payouts server_cpu_us_per_request) us/request
   non-2xx $(field payouts non2xx), socket errors $(field payouts socket_errors)   (target 0: $( [ "$bad" -eq 0 ] && echo met || echo MISSED ))   statuses $(field payouts statuses)
EOF
if [ -n "$COMPARE_DIR" ]; then
  echo "   baseline $CMP_COMMIT, same rounds, same file  $(field cmp-payouts created_per_s) created/s   p50 $(field cmp-payouts p50_ms) ms  p99 $(field cmp-payouts p99_ms) ms  CPU $(field cmp-payouts server_cpu_us_per_request) us/request   non-2xx $(field cmp-payouts non2xx)   this build / baseline: $(ratio "$(field payouts created_per_s)" "$(field cmp-payouts created_per_s)")x created/s, CPU $(ratio "$(field payouts server_cpu_us_per_request)" "$(field cmp-payouts server_cpu_us_per_request)"), p99 $(ratio "$(field payouts p99_ms)" "$(field cmp-payouts p99_ms)")"
fi
fi
if has c; then
mean_ratio=$(ratio "$(field heavy mean_ms)" "$(field light mean_ms)")
p99_ratio=$(ratio "$(field heavy p99_ms)" "$(field light p99_ms)")
cpu_heavy_ratio=$(ratio "$(field heavy server_cpu_us_per_request)" "$(field light server_cpu_us_per_request)")
cat <<EOF
c) headroom, 10 payouts (volunteer $LIGHT)      mean $(field light mean_ms) ms  p99 $(field light p99_ms) ms  $(field light rps) req/s  CPU $(field light server_cpu_us_per_request) us/request
   headroom, $HISTORY payouts (volunteer $HEAVY)  mean $(field heavy mean_ms) ms  p99 $(field heavy p99_ms) ms  $(field heavy rps) req/s  CPU $(field heavy server_cpu_us_per_request) us/request  (counted $heavy_counted cents)
   ratio heavy / light                     mean $mean_ratio  p99 $p99_ratio   (target <= 1.2: $(verdict "$mean_ratio" "<=" 1.2) / $(verdict "$p99_ratio" "<=" 1.2)), CPU per request $cpu_heavy_ratio
EOF
if [ -n "$COMPARE_DIR" ]; then
  for side in light heavy; do
    printf '   baseline %s, %-5s                  mean %s ms  p99 %s ms  %s req/s  CPU %s us/request   this build / baseline: CPU %s\n' "$CMP_COMMIT" "$side" \
      "$(field "cmp-$side" mean_ms)" "$(field "cmp-$side" p99_ms)" "$(field "cmp-$side" rps)" "$(field "cmp-$side" server_cpu_us_per_request)" \
      "$(ratio "$(field "$side" server_cpu_us_per_request)" "$(field "cmp-$side" server_cpu_us_per_request)")"
  done
fi
fi
if has d; then
entries_per_s=$(awk -v ok="$(field hours ok)" -v s="$(field hours seconds)" 'BEGIN { printf "%.0f", ok * 1000 / s }')
if [ "$HOURS_SCALE" = issue ]; then
  echo "d) over issue 12's registry (HOURS_SCALE=issue): $LIST_VOLUNTEERS volunteers, $LIST_ENTRIES entries seeded, 50 of the volunteers a batch"
fi
echo "d) POST /v1/hours, 1,000 entries a request  $entries_per_s entries/s   ($(field hours rps) req/s, p50 $(field hours p50_ms) ms, p99 $(field hours p99_ms) ms, non-2xx $(field hours non2xx))   (target >= 40000, issue 12: $(verdict "$entries_per_s" ">=" 40000))"
if [ -n "$COMPARE_DIR" ]; then
  cmp_entries_per_s=$(awk -v ok="$(field cmp-hours ok)" -v s="$(field cmp-hours seconds)" 'BEGIN { printf "%.0f", ok * 1000 / s }')
  echo "   baseline $CMP_COMMIT, same rounds, own file  $cmp_entries_per_s entries/s   (p50 $(field cmp-hours p50_ms) ms, p99 $(field cmp-hours p99_ms) ms, non-2xx $(field cmp-hours non2xx), CPU $(field cmp-hours server_cpu_us_per_request) us/request)   this build / baseline: $(ratio "$entries_per_s" "$cmp_entries_per_s")x entries/s, CPU $(ratio "$(field hours server_cpu_us_per_request)" "$(field cmp-hours server_cpu_us_per_request)")"
  # Each round finds the files grown by the rounds before it (more entries a volunteer and day, longer index ranges),
  # so the rate falls round by round on both sides; the first round is the closest to a fresh file.
  by_round() { for r in $(seq "$ROUNDS"); do printf '%s ' "$(field "$1-$r" rps)"; done; }
  echo "   requests/s by round (this build | baseline)   $(by_round hours)| $(by_round cmp-hours)"
fi
fi
if has e; then
echo "e) POST /v1/payouts, Database:GroupCommit on vs off: created/s, p99 (worst round), server CPU per request, non-2xx + socket errors"
if [ "$OFF_API_DIR" != "$ROOT/api/bin/Release/net10.0" ] || [ "$OFF_GROUP_COMMIT" != false ]; then
  echo "   (\"off\" here is $OFF_API_DIR with Database:GroupCommit=$OFF_GROUP_COMMIT)"
fi
for n in $E_CLIENTS; do
  printf '   %2s clients  on %8s/s p99 %8s ms %7s us  bad %s | off %8s/s p99 %8s ms %7s us  bad %s | on/off: created/s %s  p99 %s\n' "$n" \
    "$(field "e-on-$n" created_per_s)" "$(field "e-on-$n" p99_ms)" "$(field "e-on-$n" server_cpu_us_per_request)" "$(( $(field "e-on-$n" non2xx) + $(field "e-on-$n" socket_errors) ))" \
    "$(field "e-off-$n" created_per_s)" "$(field "e-off-$n" p99_ms)" "$(field "e-off-$n" server_cpu_us_per_request)" "$(( $(field "e-off-$n" non2xx) + $(field "e-off-$n" socket_errors) ))" \
    "$(ratio "$(field "e-on-$n" created_per_s)" "$(field "e-off-$n" created_per_s)")" "$(ratio "$(field "e-on-$n" p99_ms)" "$(field "e-off-$n" p99_ms)")"
done
if [[ " $E_CLIENTS " == *" 32 "* ]]; then
  echo "   32 clients, group commit on: $(field e-on-32 created_per_s) created/s (target >= 3000: $(verdict "$(field e-on-32 created_per_s)" ">=" 3000)), p99 $(field e-on-32 p99_ms) ms (target < 25: $(verdict "$(field e-on-32 p99_ms)" "<=" 25))"
fi
fi
if has g; then
for n in $LIST_CONNECTIONS; do
  for side in first cursor; do
    printf 'g) GET filtered lists, %-6s pages, %2s connections  %s req/s   p50 %s ms  p99 %s ms  CPU %s us/request  non-2xx %s   (target p99 < 5 ms: %s)\n' "$side" "$n" \
      "$(field "lists-$side-$n" rps)" "$(field "lists-$side-$n" p50_ms)" "$(field "lists-$side-$n" p99_ms)" "$(field "lists-$side-$n" server_cpu_us_per_request)" \
      "$(field "lists-$side-$n" non2xx)" "$(verdict "$(field "lists-$side-$n" p99_ms)" "<=" 5)"
    if [ -n "$COMPARE_DIR" ]; then
      printf '   baseline %s                    %s req/s   p50 %s ms  p99 %s ms  CPU %s us/request   this build / baseline: CPU %s  p99 %s\n' "$CMP_COMMIT" \
        "$(field "cmp-lists-$side-$n" rps)" "$(field "cmp-lists-$side-$n" p50_ms)" "$(field "cmp-lists-$side-$n" p99_ms)" "$(field "cmp-lists-$side-$n" server_cpu_us_per_request)" \
        "$(ratio "$(field "lists-$side-$n" server_cpu_us_per_request)" "$(field "cmp-lists-$side-$n" server_cpu_us_per_request)")" \
        "$(ratio "$(field "lists-$side-$n" p99_ms)" "$(field "cmp-lists-$side-$n" p99_ms)")"
    fi
  done
done
fi
echo "API peak RSS (VmHWM), whole run: $PEAK_RSS   (target < 300 MB: $(verdict "$PEAK_MB" "<=" 300))"
echo "total time: $((SECONDS - START)) s"
if has f; then
writer_of() { # name -> the concurrent hours writer's figures
  echo "p50 $(field "$1" p50_ms) ms  p99 $(field "$1" p99_ms) ms  max $(field "$1" max_ms) ms  $(field "$1" rps) req/s  non-2xx $(field "$1" non2xx)  socket errors $(field "$1" socket_errors)"
}
run_of() { # name -> "status seconds payouts cents cpu rss-before" from payout_run's files, "-" for a figure missing
  local payouts cents # (a refused run's answer has no counts: the fields after it must not move up)
  payouts=$(grep -o '"payoutCount":[0-9]*' "$WORK/$1.json" | cut -d: -f2)
  cents=$(grep -o '"paidCents":[0-9]*' "$WORK/$1.json" | sed -n 1p | cut -d: -f2)
  echo "$(cat "$WORK/$1.status") ${payouts:--} ${cents:--} $(cat "$WORK/$1.cpu") $(cat "$WORK/$1.rss-before")"
}
read -r RUN_STATUS RUN_SECONDS RUN_PAYOUTS RUN_PAID RUN_CPU_S RSS_BEFORE_RUN <<<"$(run_of run)"
cat <<EOF
f) POST /v1/payout-runs, $RUN_VOLUNTEERS volunteers x $RUN_ENTRIES entries   $RUN_SECONDS s, status $RUN_STATUS, $RUN_PAYOUTS payouts, $RUN_PAID cents   (target < 10 s: $(verdict "${RUN_SECONDS:-999}" "<=" 10))
   API CPU while the run ran               $RUN_CPU_S s (user + system; includes the concurrent writer's requests)
   concurrent POST /v1/hours (1 entry)     $(writer_of run-hours)
   API RSS                                 $RSS_BEFORE_RUN MB before the run, peak $PEAK_MB MB   (target < 300 MB: $(verdict "$PEAK_MB" "<=" 300))
EOF
if [ -n "$COMPARE_DIR" ]; then
  read -r CMP_RUN_STATUS CMP_RUN_SECONDS CMP_RUN_PAYOUTS CMP_RUN_PAID CMP_RUN_CPU_S CMP_RSS_BEFORE <<<"$(run_of cmp-run)"
  CMP_PEAK_MB=$(status_mb VmHWM "$CMPW_PID")
  cat <<EOF
   baseline $CMP_COMMIT, own file            $CMP_RUN_SECONDS s, status $CMP_RUN_STATUS, $CMP_RUN_PAYOUTS payouts, $CMP_RUN_PAID cents, API CPU $CMP_RUN_CPU_S s, RSS $CMP_RSS_BEFORE MB before, peak $CMP_PEAK_MB MB (its whole life)
   baseline's concurrent POST /v1/hours    $(writer_of cmp-run-hours)
   this build / baseline                   run seconds $(ratio "$RUN_SECONDS" "$CMP_RUN_SECONDS"), API CPU $(ratio "$RUN_CPU_S" "$CMP_RUN_CPU_S"), concurrent hours p99 $(ratio "$(field run-hours p99_ms)" "$(field cmp-run-hours p99_ms)"), max $(ratio "$(field run-hours max_ms)" "$(field cmp-run-hours max_ms)")
EOF
fi
fi
