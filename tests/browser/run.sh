#!/usr/bin/env bash
# The browser test: starts the API (throwaway SQLite file) with one allowed origin, seeds a published Q&A entry and an
# opportunity, serves tests/browser/index.html from that origin and from a second one that is not configured, and
# drives both in headless Chromium (Debian's package: apt-get install -y chromium). Passes when the configured origin
# reads the Q&A, opportunities and figures and posts an application (201 {id, status}), the keyed endpoint stays
# unreadable, the unconfigured origin reads nothing and stores nothing, and exactly one application was stored.
set -euo pipefail
cd "$(dirname "$0")/../.."
API_PORT=${API_PORT:-5391}; WEB_PORT=${WEB_PORT:-5392}; OTHER_PORT=${OTHER_PORT:-5393}
API=http://127.0.0.1:$API_PORT; ORIGIN=http://127.0.0.1:$WEB_PORT
LOG=$(mktemp /tmp/burgerbaan-browser-XXXXXX.log); DB=$(mktemp -u /tmp/burgerbaan-browser-XXXXXX.db)
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "chromium is not installed (apt-get install -y chromium)"; exit 1; }
export BURGERBAAN_BOOTSTRAP_ADMIN_KEY="bb_browser_$(date +%s)_0123456789abcdef0123"
export ConnectionStrings__Burgerbaan="Data Source=$DB" Website__AllowedOrigins__0=$ORIGIN Website__PlacesTarget=20

dotnet build api -nologo -v q -clp:NoSummary > /dev/null || { echo "build failed"; exit 1; }
(cd api/bin/Debug/net10.0 && exec dotnet Burgerbaan.Api.dll --urls $API) > "$LOG" 2>&1 &
API_PID=$!
python3 -m http.server "$WEB_PORT" --bind 127.0.0.1 --directory tests/browser > /dev/null 2>&1 &
WEB_PID=$!
python3 -m http.server "$OTHER_PORT" --bind 127.0.0.1 --directory tests/browser > /dev/null 2>&1 &
OTHER_PID=$!
# The trap keeps the script's own status: under set -e the wait on the killed servers (143) would otherwise end it with 143.
trap 'status=$?; kill $API_PID $WEB_PID $OTHER_PID 2>/dev/null; wait $API_PID $WEB_PID $OTHER_PID 2>/dev/null || true; rm -f "$DB" "$DB-wal" "$DB-shm"; exit $status' EXIT
for i in $(seq 60); do
  curl -sf $API/health/ready > /dev/null && break
  kill -0 $API_PID 2>/dev/null || { echo "the API stopped:"; tail -20 "$LOG"; exit 1; }
  [ "$i" = 60 ] && { echo "the API was not ready within 60 s"; exit 1; }
  sleep 1
done

AUTH="Authorization: Bearer $BURGERBAAN_BOOTSTRAP_ADMIN_KEY"; JSON="Content-Type: application/json"
curl -sf -H "$AUTH" -H "$JSON" -d '{"question":"Is armoede een selectiecriterium?","answer":"Nee.","category":"Aanmelden","position":1,"published":true}' $API/v1/faq > /dev/null
curl -sf -H "$AUTH" -H "$JSON" -d '{"question":"Concept","answer":"Nog niet.","category":"Aanmelden","position":2}' $API/v1/faq > /dev/null
ORG=$(curl -sf -H "$AUTH" -H "$JSON" -d '{"name":"Buurthuis De Schakel","kind":"nonprofit"}' $API/v1/organisations | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
curl -sf -H "$AUTH" -H "$JSON" -d "{\"organisationId\":$ORG,\"title\":\"Koken voor de buurt\",\"description\":\"Samen koken.\",\"tags\":[\"koken\"],\"status\":\"published\"}" $API/v1/opportunities > /dev/null

page() { timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$(mktemp -d)" \
  --virtual-time-budget=15000 --dump-dom "$1/index.html?api=$API" 2>/dev/null | grep -o 'RESULT {.*}' | sed 's/&amp;/\&/g'; }
ALLOWED=$(page "$ORIGIN")
OTHER=$(page "http://127.0.0.1:$OTHER_PORT")
echo "configured origin:   $ALLOWED"
echo "unconfigured origin: $OTHER"

fail=0
expect() { case "$1" in *"$2"*) ;; *) echo "FAIL: expected $3 to contain: $2"; fail=1;; esac; }
expect "$ALLOWED" '"faq":"200 Is armoede een selectiecriterium? etag=yes"' "the Q&A (published only, ETag readable)"
expect "$ALLOWED" '"opportunities":"200 Buurthuis De Schakel: Koken voor de buurt"' "the opportunities"
expect "$ALLOWED" '"stats":"200 target 20 opportunities 1"' "the figures"
expect "$ALLOWED" '"application":"201 id,status"' "the application"
expect "$ALLOWED" '"volunteers":"blocked: TypeError"' "the keyed endpoint"
for name in faq opportunities stats application volunteers; do
  expect "$OTHER" "\"$name\":\"blocked: TypeError\"" "the unconfigured origin's $name"
done
STORED=$(curl -sf -H "$AUTH" "$API/v1/applications?limit=200" | grep -o '"firstName":"Browser"' | wc -l)
[ "$STORED" = 1 ] || { echo "FAIL: expected 1 stored application from the browser, found $STORED"; fail=1; }
[ $fail = 0 ] && echo "browser test passed" || exit 1
