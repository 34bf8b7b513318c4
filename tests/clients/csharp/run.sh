#!/usr/bin/env bash
# The C# client scenario (README, "The contract as client teams use it"): Kiota (the dotnet tool pinned in
# .config/dotnet-tools.json) generates a client from openapi.yaml into Generated/ (ignored: generating it here is what
# proves the contract), the console project compiles it with the scenario (warnings are errors), and runs it against
# the API started on loopback (tests/clients/api.sh).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../api.sh"
export KIOTA_TUTORIAL_ENABLED=false DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
cd "$ROOT"
dotnet tool restore > /dev/null
rm -rf "$HERE/Generated"
dotnet kiota generate -l CSharp -d openapi.yaml -o "$HERE/Generated" -c BurgerbaanClient -n Burgerbaan.ClientScenario.Generated \
  --exclude-backward-compatible --clean-output --log-level Error
timeout 300 dotnet build "$HERE" -c Release -nologo -v q -clp:NoSummary > "$CLIENT_WORK/scenario-build.log" 2>&1 \
  || { grep -E 'error|warning' "$CLIENT_WORK/scenario-build.log" | sort -u >&2; echo "the Kiota client scenario did not compile" >&2; exit 1; }
echo "compiled the scenario against the client Kiota generated from openapi.yaml"
start_api
API="$API" ADMIN_KEY="$ADMIN_KEY" dotnet "$HERE/bin/Release/net10.0/Burgerbaan.ClientScenario.dll"
