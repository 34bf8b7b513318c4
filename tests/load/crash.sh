#!/usr/bin/env bash
# Crash test: kill -9 under load loses no acknowledged write (see README.md beside this script).
# Starts the API (Release) on a fresh SQLite file, seeds volunteers through the API, then KILLS times:
# fires concurrent payout creations with Idempotency-Keys (wrk, one connection per thread, every 201 written
# down at once), kills the API with SIGKILL mid-load, restarts it on the same file and checks that
#   - every acknowledged payout is there (GET /v1/payouts/{id} answers 200 with the amount and period sent),
#   - a sample of acknowledged keys replays the same payout (Idempotent-Replayed: true),
#   - the running totals equal the sum of the counted payouts (year and month, both directions),
#   - PRAGMA integrity_check says ok.
# Loopback only; bounded: every step has a time limit and the whole run a DEADLINE.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
KILLS=${KILLS:-3}
CLIENTS=${CLIENTS:-16}
VOLUNTEERS=${VOLUNTEERS:-100}
LOAD_SECONDS=${LOAD_SECONDS:-8}     # wrk runs this long per round; the kill comes 2 to 4 s in
REPLAYS=${REPLAYS:-50}
GROUP_COMMIT=${GROUP_COMMIT:-true}
API_PORT=${API_PORT:-5794}
DEADLINE=${DEADLINE:-300}
SKIP_BUILD=${SKIP_BUILD:-0}

for tool in wrk curl sqlite3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y $tool" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/burgerbaan-crash.XXXXXX")
DB="$WORK/crash.db"
KEY="bb_crash_$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
API="http://127.0.0.1:$API_PORT"
API_PID="" WATCHDOG="" LOAD_PID=""
START=$SECONDS

cleanup() {
  if [ -n "$LOAD_PID" ]; then kill "$LOAD_PID" 2>/dev/null || true; fi
  if [ -n "$API_PID" ]; then kill -KILL "$API_PID" 2>/dev/null || true; fi
  if [ -n "$WATCHDOG" ]; then kill $(pgrep -P "$WATCHDOG") "$WATCHDOG" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'echo "crash: interrupted" >&2; exit 130' INT TERM
( sleep "$DEADLINE"; echo "crash: deadline of ${DEADLINE}s reached, stopping" >&2; kill -TERM $$ ) 2>/dev/null &
WATCHDOG=$!

log() { printf '[%3ds] %s\n' $((SECONDS - START)) "$*" >&2; }
fail() { echo "CRASH TEST FAILED: $*" >&2; exit 1; }

if [ "$SKIP_BUILD" != 1 ]; then
  log "building the api (Release)"
  timeout 240 dotnet build -c Release --nologo -v q "$ROOT/api" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
fi
if curl -s --max-time 1 -o /dev/null "$API"; then echo "something already listens on $API; set API_PORT" >&2; exit 1; fi

start_api() {
  env -C "$ROOT/api/bin/Release/net10.0" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$API" \
    ConnectionStrings__Burgerbaan="Data Source=$DB" BURGERBAAN_BOOTSTRAP_ADMIN_KEY="$KEY" Database__GroupCommit="$GROUP_COMMIT" \
    Logging__LogLevel__Default=Warning dotnet Burgerbaan.Api.dll >>"$WORK/api.log" 2>&1 &
  API_PID=$!
  for _ in $(seq 150); do
    curl -fsS --max-time 1 "$API/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$API_PID" 2>/dev/null || { cat "$WORK/api.log" >&2; fail "the API exited on start"; }
    sleep 0.2
  done
  fail "the API did not become ready"
}

# Requests over one kept-alive connection: stdin holds "METHOD<TAB>path<TAB>idempotency key or -<TAB>json body or -";
# stdout gets "status<TAB>replayed-header<TAB>body" per request.
batch() {
  local config="$WORK/curl.conf" first=1
  : >"$config"
  while IFS=$'\t' read -r method path idem body; do
    [ $first = 1 ] || echo next >>"$config"
    first=0
    printf 'url = "%s%s"\nrequest = "%s"\nheader = "Authorization: Bearer %s"\n' "$API" "$path" "$method" "$KEY" >>"$config"
    if [ "$idem" != - ]; then printf 'header = "Idempotency-Key: %s"\n' "$idem" >>"$config"; fi
    if [ "$body" != - ]; then printf 'header = "Content-Type: application/json"\ndata = "%s"\n' "${body//\"/\\\"}" >>"$config"; fi
    printf 'write-out = "\\n%%{http_code}\\t%%header{idempotent-replayed}\\n"\n' >>"$config"
  done
  curl -sS --max-time 120 -K "$config" 2>"$WORK/curl.err" | awk 'NR % 2 == 1 { body = $0; next } { print $0 "\t" body }'
}

log "starting the API on $API (database $DB, Database:GroupCommit=$GROUP_COMMIT)"
start_api
log "seeding $VOLUNTEERS volunteers with a 2025 agreement"
for i in $(seq "$VOLUNTEERS"); do
  printf 'POST\t/v1/volunteers\t-\t{"firstName":"Crash","lastName":"V%s","dateOfBirth":"1990-05-17"}\n' "$i"
done | batch | grep -o '"id":[0-9]*,"firstName"' | cut -d: -f2 | cut -d, -f1 >"$WORK/all.txt" || true
[ "$(wc -l <"$WORK/all.txt")" -ge "$VOLUNTEERS" ] || fail "seeding volunteers"
head -n "$VOLUNTEERS" "$WORK/all.txt" >"$WORK/ids.txt"
while read -r id; do
  printf 'POST\t/v1/volunteers/%s/agreements\t-\t{"startDate":"2025-01-01","endDate":"2025-12-31"}\n' "$id"
done <"$WORK/ids.txt" | batch | awk -F'\t' '$1 != 201 { bad++ } END { exit bad > 0 }' || fail "seeding agreements"

sql() { sqlite3 -bail -cmd ".timeout 5000" "$DB" "$1"; }
COUNTED="kind <> 'expense' AND status IN ('pending', 'approved', 'paid')"

verify() { # round
  local round=$1 acked missing replay_bad
  cat "$WORK"/acks-*.txt >"$WORK/acked.txt" 2>/dev/null || : >"$WORK/acked.txt"
  acked=$(wc -l <"$WORK/acked.txt")
  # every acknowledged payout, read back through the API
  missing=$(awk '{ printf "GET\t/v1/payouts/%s\t-\t-\n", $4 }' "$WORK/acked.txt" | batch \
    | paste - "$WORK/acked.txt" | awk -F'\t' '
      { split($4, a, " "); want = sprintf("\"period\":\"2025-%02d\"", a[3]) }
      $1 != 200 || index($3, "\"amountCents\":1,") == 0 || index($3, want) == 0 || index($3, "\"volunteerId\":" a[2] ",") == 0 \
        || index($3, "\"description\":\"" a[1] "\"") == 0 { bad++ }
      END { print bad + 0 }')
  # a sample of acknowledged keys, sent again: the same payout, replayed
  shuf -n "$REPLAYS" "$WORK/acked.txt" >"$WORK/sample.txt"
  replay_bad=$(awk '{ printf "POST\t/v1/payouts\t%s\t{\"volunteerId\":%s,\"kind\":\"allowance\",\"amountCents\":1,\"period\":\"2025-%02d\",\"description\":\"%s\"}\n", $1, $2, $3, $1 }' "$WORK/sample.txt" \
    | batch | paste - "$WORK/sample.txt" | awk -F'\t' '{ split($4, a, " ") }
      $1 != 201 || $2 != "true" || index($3, "{\"id\":" a[4] ",") != 1 { bad++ } END { print bad + 0 }')
  local year_off month_off integrity payouts
  month_off=$(sql "SELECT COUNT(*) FROM (SELECT volunteer_id, period, SUM(amount_cents) AS s FROM payouts WHERE $COUNTED GROUP BY volunteer_id, period) p
      FULL JOIN allowance_month_totals t USING (volunteer_id, period) WHERE COALESCE(p.s, 0) <> COALESCE(t.counted_cents, 0)")
  year_off=$(sql "SELECT COUNT(*) FROM (SELECT volunteer_id, CAST(substr(period, 1, 4) AS INTEGER) AS year, SUM(amount_cents) AS s FROM payouts
      WHERE $COUNTED GROUP BY volunteer_id, year) p FULL JOIN allowance_year_totals t USING (volunteer_id, year) WHERE COALESCE(p.s, 0) <> COALESCE(t.counted_cents, 0)")
  integrity=$(sql "PRAGMA integrity_check" | tr '\n' ' ')
  payouts=$(sql "SELECT COUNT(*) FROM payouts")
  log "round $round: $acked acknowledged so far, $payouts payouts stored; missing or wrong $missing; replays wrong $replay_bad of $REPLAYS; totals off: month $month_off, year $year_off; integrity_check: $integrity"
  echo "round $round: acknowledged $acked, stored $payouts, missing $missing, replays wrong $replay_bad/$REPLAYS, month totals off $month_off, year totals off $year_off, integrity $integrity" >>"$WORK/summary.txt"
  [ "$missing" = 0 ] && [ "$replay_bad" = 0 ] && [ "$month_off" = 0 ] && [ "$year_off" = 0 ] && [ "$integrity" = "ok " ] \
    || fail "round $round (see above)"
}

for round in $(seq "$KILLS"); do
  log "round $round: $CLIENTS clients for ${LOAD_SECONDS}s"
  timeout $((LOAD_SECONDS + 20)) wrk -t"$CLIENTS" -c"$CLIENTS" -d"${LOAD_SECONDS}s" --timeout 2s -H "Authorization: Bearer $KEY" \
    -s "$HERE/crash.lua" "$API" -- "$WORK/ids.txt" "crash$round-$$" "$WORK/acks-$round" >"$WORK/wrk-$round.out" 2>&1 &
  LOAD_PID=$!
  sleep "$(awk -v s="$RANDOM" 'BEGIN { printf "%.1f", 2 + (s % 20) / 10 }')"
  before=$(cat "$WORK"/acks-"$round"-*.txt 2>/dev/null | wc -l)
  kill -KILL "$API_PID"
  wait "$API_PID" 2>/dev/null || true
  log "round $round: killed the API (SIGKILL) after $before acknowledged payouts this round"
  wait "$LOAD_PID" || true
  LOAD_PID=""
  start_api
  verify "$round"
done
kill -TERM "$API_PID" 2>/dev/null || true
wait "$API_PID" 2>/dev/null || true
API_PID=""
echo
echo "== Burgerbaan crash test ($(date -u +%Y-%m-%dT%H:%MZ)): $KILLS x kill -9 under $CLIENTS clients, Database:GroupCommit=$GROUP_COMMIT"
cat "$WORK/summary.txt"
echo "PASSED: no acknowledged write lost; totals equal the counted payouts; integrity ok ($((SECONDS - START)) s)"
