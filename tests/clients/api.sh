# Sourced by the client scenarios (tests/clients/*/run.sh): builds the API (Release, as .ci/run does; a no-op when
# built), starts it on loopback on a free port with a fresh SQLite file in a temporary folder and a bootstrap admin key
# from configuration, waits until it is ready, and stops it (by its pid) and removes the folder when the script ends.
# Sets API (the base URL), ADMIN_KEY and CLIENT_WORK (the temporary folder). Loopback only, bounded waits.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLIENT_WORK=$(mktemp -d "${TMPDIR:-/tmp}/burgerbaan-client.XXXXXX")
API_PID=""
stop_api() {
  local status=$?
  if [ -n "$API_PID" ]; then kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; fi
  if [ "$status" -ne 0 ] && [ -f "$CLIENT_WORK/api.log" ]; then echo "-- the API's log (last lines):" >&2; tail -15 "$CLIENT_WORK/api.log" >&2; fi
  rm -rf "$CLIENT_WORK"
  exit "$status"
}
trap stop_api EXIT

start_api() {
  timeout 300 dotnet build "$ROOT/api" -c Release -nologo -v q -clp:NoSummary > "$CLIENT_WORK/build.log" 2>&1 \
    || { cat "$CLIENT_WORK/build.log" >&2; echo "the API did not build" >&2; return 1; }
  # A free port: the kernel picks one for a socket that is closed again at once.
  local port
  port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  API="http://127.0.0.1:$port"
  local RANDOM_KEY; RANDOM_KEY=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')   # no "| head -c": under pipefail its early exit can SIGPIPE tr
  ADMIN_KEY="bb_client_${RANDOM_KEY:0:40}"
  env -C "$ROOT/api/bin/Release/net10.0" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$API" \
    ConnectionStrings__Burgerbaan="Data Source=$CLIENT_WORK/burgerbaan.db" BURGERBAAN_BOOTSTRAP_ADMIN_KEY="$ADMIN_KEY" \
    Logging__LogLevel__Default=Warning dotnet Burgerbaan.Api.dll > "$CLIENT_WORK/api.log" 2>&1 &
  API_PID=$!
  for _ in $(seq 300); do
    curl -fsS --max-time 1 "$API/health/ready" > /dev/null 2>&1 && return 0
    kill -0 "$API_PID" 2>/dev/null || { echo "the API exited on start" >&2; return 1; }
    sleep 0.2
  done
  echo "the API was not ready within 60 s" >&2
  return 1
}
