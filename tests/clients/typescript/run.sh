#!/usr/bin/env bash
# The TypeScript client scenario (README, "The contract as client teams use it"): generates types from openapi.yaml
# with openapi-typescript, type-checks scenario.ts with strict TypeScript (tsconfig.json) against them and
# openapi-fetch, starts the API on loopback (tests/clients/api.sh) and runs the compiled scenario against it.
# Needs the tools of .ci/package.json: npm ci --prefix .ci
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../api.sh"
BIN="$ROOT/.ci/node_modules/.bin"
[ -x "$BIN/openapi-typescript" ] || { echo "the tools are missing: npm ci --prefix .ci" >&2; exit 1; }
# The scenario resolves openapi-fetch and the node types from .ci's node_modules (a link; node_modules/ is ignored).
ln -sfn "$ROOT/.ci/node_modules" "$HERE/node_modules"
rm -rf "$HERE/generated" "$HERE/out"
"$BIN/openapi-typescript" "$ROOT/openapi.yaml" -o "$HERE/generated/api.d.ts" --alphabetize > /dev/null
(cd "$HERE" && "$BIN/tsc" -p tsconfig.json)
echo "type-checked (strict) against the types generated from openapi.yaml"
start_api
API="$API" ADMIN_KEY="$ADMIN_KEY" node "$HERE/out/scenario.js"
