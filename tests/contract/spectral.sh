#!/usr/bin/env bash
# Spectral with the OWASP API Security ruleset over openapi.yaml: fails on any error (the ruleset, with every rule it
# switches off and why: .ci/spectral.yaml). Warnings are printed as a count. Needs: npm ci --prefix .ci
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
out=$(mktemp); trap 'rm -f "$out"' EXIT
set +e
.ci/node_modules/.bin/spectral lint openapi.yaml --ruleset .ci/spectral.yaml --fail-severity error --format json --output "$out" --quiet
status=$?
set -e
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const errors = r.filter(x => x.severity === 0), warnings = r.filter(x => x.severity === 1);
for (const e of errors) console.log(`ERROR ${e.code}: ${e.message} at ${e.path.join(".")}`);
const byRule = {}; for (const w of warnings) byRule[w.code] = (byRule[w.code] ?? 0) + 1;
console.log(`spectral (OWASP): ${errors.length} errors, ${warnings.length} warnings ${JSON.stringify(byRule)}`);
' "$out"
exit $status
