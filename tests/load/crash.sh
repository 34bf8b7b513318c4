#!/usr/bin/env bash
# Crash test: kill -9 under load loses no acknowledged write (see README.md beside this script).
# Starts the API (Release) on a fresh SQLite file, seeds volunteers and some payouts through the API, then KILLS times:
# fires concurrent payout creations with Idempotency-Keys (wrk, one connection per thread, every 201 written
# down at once) and, beside them, transitions of earlier payouts (approve then mark-paid, cancel, approve then reject;
# with a finance key, as four eyes wants: the admin key created them), kills the API with SIGKILL mid-load (round r
# at the r-th moment of KILL_AT when given), restarts it on the same file and checks that
#   - every acknowledged payout is there (GET /v1/payouts/{id} answers 200 with the amount and period sent),
#   - every acknowledged transition is there (the payout's status is the one acknowledged, or the next step of its
#     chain, which may have committed unanswered),
#   - re-sending acknowledged requests with their Idempotency-Keys (REPLAYS of the payouts, or all; every transition)
#     replays the same payout and changes nothing: no payout more, no status other,
#   - the running totals equal the sum of the counted payouts (year and month, both directions),
#   - PRAGMA integrity_check says ok.
# Loopback only; bounded: every step has a time limit and the whole run a DEADLINE.
set -eEuo pipefail
# A failing command ends the run (set -e): say where, since a pipe's SIGPIPE (exit 141) once ended it without a word.
trap 'echo "crash: line $LINENO: a command failed (exit $?)" >&2' ERR

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
KILLS=${KILLS:-3}
CLIENTS=${CLIENTS:-16}
VOLUNTEERS=${VOLUNTEERS:-100}
LOAD_SECONDS=${LOAD_SECONDS:-8}     # wrk runs this long per round; the kill comes 2 to 4 s in
REPLAYS=${REPLAYS:-50}              # or "all"
TRANSITIONS=${TRANSITIONS:-300}     # payouts of earlier rounds moved on per round
SEED_PAYOUTS=${SEED_PAYOUTS:-300}   # payouts made before round 1, so that round has transitions too
KILL_AT=${KILL_AT:-}                # seconds into each round's load, e.g. "1.0 2.0 3.0"; default 2 to 4 s at random
GROUP_COMMIT=${GROUP_COMMIT:-true}
API_PORT=${API_PORT:-5794}
DEADLINE=${DEADLINE:-300}
SKIP_BUILD=${SKIP_BUILD:-0}

for tool in wrk curl sqlite3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y $tool" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/burgerbaan-crash.XXXXXX")
DB="$WORK/crash.db"
RANDOM_KEY=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')   # no "| head -c": under pipefail its early exit can SIGPIPE tr
KEY="bb_crash_${RANDOM_KEY:0:40}"
API="http://127.0.0.1:$API_PORT"
API_PID="" WATCHDOG="" LOAD_PID="" MOVE_PID=""
START=$SECONDS

cleanup() {
  if [ -n "$LOAD_PID" ]; then kill "$LOAD_PID" 2>/dev/null || true; fi
  if [ -n "$MOVE_PID" ]; then kill "$MOVE_PID" 2>/dev/null || true; fi
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
  local config first=1
  config=$(mktemp "$WORK/curl.XXXXXX")
  while IFS=$'\t' read -r method path idem body; do
    [ $first = 1 ] || echo next >>"$config"
    first=0
    printf 'url = "%s%s"\nrequest = "%s"\nheader = "Authorization: Bearer %s"\n' "$API" "$path" "$method" "${BATCH_KEY:-$KEY}" >>"$config"
    if [ "$idem" != - ]; then printf 'header = "Idempotency-Key: %s"\n' "$idem" >>"$config"; fi
    if [ "$body" != - ]; then printf 'header = "Content-Type: application/json"\ndata = "%s"\n' "${body//\"/\\\"}" >>"$config"; fi
    printf 'write-out = "\\n%%{http_code}\\t%%header{idempotent-replayed}\\n"\n' >>"$config"
  done
  [ $first = 0 ] || return 0   # nothing to send (curl would fail without a URL)
  curl -sS --max-time 120 -K "$config" 2>>"$WORK/curl.err" | awk 'NR % 2 == 1 { body = $0; next } { print $0 "\t" body }'
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

# The payouts a transition acts on are made by the admin key; the finance key moves them on (four eyes).
FINANCE_KEY=$(printf 'POST\t/v1/api-keys\t-\t{"name":"crash finance","role":"finance"}\n' | batch | grep -o '"key":"[^"]*"' | cut -d'"' -f4)
[ -n "$FINANCE_KEY" ] || fail "creating the finance key"
log "seeding $SEED_PAYOUTS payouts for round 1's transitions"
for i in $(seq "$SEED_PAYOUTS"); do
  id=$(sed -n "$(( (i - 1) % VOLUNTEERS + 1 ))p" "$WORK/ids.txt")
  printf 'POST\t/v1/payouts\tseed-%s\t{"volunteerId":%s,"kind":"allowance","amountCents":1,"period":"2025-%02d","description":"seed-%s"}\n' "$i" "$id" $(( i % 12 + 1 )) "$i"
done | batch | awk -F'\t' '$1 == 201 { match($3, /"description":"[^"]*"/); key = substr($3, RSTART + 15, RLENGTH - 16)
    match($3, /"volunteerId":[0-9]+/); v = substr($3, RSTART + 14, RLENGTH - 14)
    match($3, /"period":"2025-[0-9][0-9]"/); m = substr($3, RSTART + 15, 2) + 0
    match($3, /^\{"id":[0-9]+/); id = substr($3, 7, RLENGTH - 6); print key, v, m, id }' >"$WORK/acks-0-seed.txt"
[ "$(wc -l <"$WORK/acks-0-seed.txt")" -eq "$SEED_PAYOUTS" ] || fail "seeding payouts"
: >"$WORK/moved.txt" ; : >"$WORK/transitions-acked.txt"

# The transitions of a round: payouts acknowledged before it and not moved yet; by id, approve + mark-paid, cancel, or approve + reject.
plan_transitions() { # round
  # awk, not head: head leaves after n lines and comm, still writing, dies of SIGPIPE (exit 141), which pipefail made
  # the whole run's exit status once the candidates outgrew the pipe's buffer (round 3 in CI).
  cat "$WORK"/acks-*.txt | awk '{ print $4 }' | sort | comm -23 - <(sort "$WORK/moved.txt") | awk -v n="$TRANSITIONS" 'NR <= n' >"$WORK/move-$1.txt"
  cat "$WORK/move-$1.txt" >>"$WORK/moved.txt"
  sort -o "$WORK/moved.txt" "$WORK/moved.txt"
  awk -v r="$1" '{ c = $1 % 3; a1 = (c == 1) ? "cancel" : "approve"; a2 = (c == 0) ? "mark-paid" : (c == 2 ? "reject" : "")
      printf "POST\t/v1/payouts/%s/%s\tcrash%s-t-%s-%s\t{\"reason\":\"crash test\"}\n", $1, a1, r, $1, a1
      if (a2 != "") printf "POST\t/v1/payouts/%s/%s\tcrash%s-t-%s-%s\t{\"reason\":\"crash test\"}\n", $1, a2, r, $1, a2 }' "$WORK/move-$1.txt"
}

# Where a status lies on its payout's chain: a stored status may be the acknowledged one or a later step of the chain.
STEP='function step(s) { return s == "pending" ? 0 : (s == "approved" ? 1 : 2) }'

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
  # every acknowledged transition, read back: the status acknowledged, or a later step of its chain
  local moved_bad snapshot
  moved_bad=$(awk '{ printf "GET\t/v1/payouts/%s\t-\t-\n", $1 }' "$WORK/transitions-acked.txt" | batch | paste - "$WORK/transitions-acked.txt" \
    | awk -F'\t' "$STEP"' { split($4, a, " "); match($3, /"status":"[a-z]+"/); s = substr($3, RSTART + 10, RLENGTH - 11) }
      $1 != 200 || step(s) < step(a[2]) || (step(a[2]) == 2 && s != a[2]) || (a[2] == "approved" && s != "approved" && s != (a[1] % 3 == 0 ? "paid" : "rejected")) { bad++ }
      END { print bad + 0 }')
  snapshot=$(sql "SELECT COUNT(*) || ' ' || SUM(id * CASE status WHEN 'pending' THEN 1 WHEN 'approved' THEN 2 WHEN 'paid' THEN 3 WHEN 'cancelled' THEN 4 ELSE 5 END) FROM payouts")
  # acknowledged keys, sent again: the same payout, replayed (all of them, or a sample)
  if [ "$REPLAYS" = all ]; then cp "$WORK/acked.txt" "$WORK/sample.txt"; else shuf -n "$REPLAYS" "$WORK/acked.txt" >"$WORK/sample.txt"; fi
  replay_bad=$(awk '{ printf "POST\t/v1/payouts\t%s\t{\"volunteerId\":%s,\"kind\":\"allowance\",\"amountCents\":1,\"period\":\"2025-%02d\",\"description\":\"%s\"}\n", $1, $2, $3, $1 }' "$WORK/sample.txt" \
    | batch | paste - "$WORK/sample.txt" | awk -F'\t' '{ split($4, a, " ") }
      $1 != 201 || $2 != "true" || index($3, "{\"id\":" a[4] ",") != 1 { bad++ } END { print bad + 0 }')
  # every acknowledged transition, sent again with its key: refused as illegal now (409) or replayed, never a change
  local transition_bad
  transition_bad=$(cat "$WORK"/transitions-*.req 2>/dev/null | awk -F'\t' 'NR == FNR { split($0, f, " "); ok[f[1] " " f[2]] = 1; next }
      { split($2, p, "/"); if ((p[4] " " (p[5] == "approve" ? "approved" : p[5] == "cancel" ? "cancelled" : p[5] == "reject" ? "rejected" : "paid")) in ok) print }' \
      "$WORK/transitions-acked.txt" - | BATCH_KEY=$FINANCE_KEY batch | awk -F'\t' '$1 != 409 && $2 != "true" { bad++ } END { print bad + 0 }')
  [ "$(sql "SELECT COUNT(*) || ' ' || SUM(id * CASE status WHEN 'pending' THEN 1 WHEN 'approved' THEN 2 WHEN 'paid' THEN 3 WHEN 'cancelled' THEN 4 ELSE 5 END) FROM payouts")" = "$snapshot" ] \
    || transition_bad="$transition_bad (and the replays changed the payouts)"
  local year_off month_off integrity payouts
  month_off=$(sql "SELECT COUNT(*) FROM (SELECT volunteer_id, period, SUM(amount_cents) AS s FROM payouts WHERE $COUNTED GROUP BY volunteer_id, period) p
      FULL JOIN allowance_month_totals t USING (volunteer_id, period) WHERE COALESCE(p.s, 0) <> COALESCE(t.counted_cents, 0)")
  year_off=$(sql "SELECT COUNT(*) FROM (SELECT volunteer_id, CAST(substr(period, 1, 4) AS INTEGER) AS year, SUM(amount_cents) AS s FROM payouts
      WHERE $COUNTED GROUP BY volunteer_id, year) p FULL JOIN allowance_year_totals t USING (volunteer_id, year) WHERE COALESCE(p.s, 0) <> COALESCE(t.counted_cents, 0)")
  integrity=$(sql "PRAGMA integrity_check" | tr '\n' ' ')
  payouts=$(sql "SELECT COUNT(*) FROM payouts")
  local moves replays
  moves=$(wc -l <"$WORK/transitions-acked.txt"); replays=$(wc -l <"$WORK/sample.txt")
  log "round $round: $acked acknowledged so far, $payouts payouts stored; missing or wrong $missing; transitions acknowledged $moves, missing $moved_bad, replays changing something $transition_bad; payout replays wrong $replay_bad of $replays; totals off: month $month_off, year $year_off; integrity_check: $integrity"
  echo "round $round: acknowledged $acked, stored $payouts, missing $missing, transitions $moves (missing $moved_bad, replays changing something $transition_bad), payout replays wrong $replay_bad/$replays, month totals off $month_off, year totals off $year_off, integrity $integrity" >>"$WORK/summary.txt"
  [ "$missing" = 0 ] && [ "$moved_bad" = 0 ] && [ "$transition_bad" = 0 ] && [ "$replay_bad" = 0 ] && [ "$month_off" = 0 ] && [ "$year_off" = 0 ] && [ "$integrity" = "ok " ] \
    || fail "round $round (see above)"
}

for round in $(seq "$KILLS"); do
  log "round $round: $CLIENTS clients for ${LOAD_SECONDS}s"
  timeout $((LOAD_SECONDS + 20)) wrk -t"$CLIENTS" -c"$CLIENTS" -d"${LOAD_SECONDS}s" --timeout 2s -H "Authorization: Bearer $KEY" \
    -s "$HERE/crash.lua" "$API" -- "$WORK/ids.txt" "crash$round-$$" "$WORK/acks-$round" >"$WORK/wrk-$round.out" 2>&1 &
  LOAD_PID=$!
  plan_transitions "$round" >"$WORK/transitions-$round.req"
  # The kill cuts these requests off, so curl fails here by design (exit 7 or 52): no ERR trap message for it; what was
  # acknowledged before the kill is in the output and is verified below.
  (trap - ERR; BATCH_KEY=$FINANCE_KEY batch <"$WORK/transitions-$round.req" >"$WORK/transitions-$round.out") &
  MOVE_PID=$!
  at=$(echo "$KILL_AT" | awk -v r="$round" '{ print $r }')
  sleep "${at:-$(awk -v s="$RANDOM" 'BEGIN { printf "%.1f", 2 + (s % 20) / 10 }')}"
  before=$(cat "$WORK"/acks-"$round"-*.txt 2>/dev/null | wc -l)
  kill -KILL "$API_PID"
  wait "$API_PID" 2>/dev/null || true
  log "round $round: killed the API (SIGKILL) after $before acknowledged payouts this round"
  wait "$LOAD_PID" || true
  LOAD_PID=""
  wait "$MOVE_PID" || true
  MOVE_PID=""
  # What the finance key was told: "payoutId status" per 200.
  paste "$WORK/transitions-$round.req" "$WORK/transitions-$round.out" | awk -F'\t' '$5 == 200 { split($2, p, "/"); match($7, /"status":"[a-z-]+"/)
      print p[4], substr($7, RSTART + 10, RLENGTH - 11) }' >>"$WORK/transitions-acked.txt"
  log "round $round: $(awk -F'\t' '$1 == 200' "$WORK/transitions-$round.out" | wc -l) of $(wc -l <"$WORK/transitions-$round.req") transitions acknowledged before the kill"
  start_api
  verify "$round"
done
kill -TERM "$API_PID" 2>/dev/null || true
wait "$API_PID" 2>/dev/null || true
API_PID=""
echo
echo "== Burgerbaan crash test ($(date -u +%Y-%m-%dT%H:%MZ)): $KILLS x kill -9 under $CLIENTS clients, Database:GroupCommit=$GROUP_COMMIT"
cat "$WORK/summary.txt"
echo "PASSED: no acknowledged payout or transition lost; replays changed nothing; totals equal the counted payouts; integrity ok ($((SECONDS - START)) s)"
