#!/usr/bin/env bash
# Mutation testing of the money code with Stryker.NET (pinned in .config/dotnet-tools.json).
#   bash tests/mutation/run.sh rules       the rules module (api/Allowance/AllowanceRules.cs) against its unit tests;
#                                          fails under 85%. .ci/run runs this one.
#   bash tests/mutation/run.sh allowance   api/Allowance/ against the whole suite (HTTP tests included, less the fuzzer);
#                                          fails under 85%
#   bash tests/mutation/run.sh payouts     api/Payouts/      against the Payouts, Outside, Exports, Audit and PaymentBatches tests (75%)
#   bash tests/mutation/run.sh hours       api/Hours/        against the Hours and Exports tests (75%)
#   bash tests/mutation/run.sh runs        api/PayoutRuns/   against the Hours, Outside, Exports and Sponsors tests (75%)
# Reports (HTML, JSON, Markdown) go to tests/mutation/out/<target>/reports/. Each mutant runs every test that covers it:
# the allowance target takes about an hour on 2 cores, the others less.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:-rules}"
# The whole suite less the conformance fuzzer (one test that sends thousands of requests and covers every mutant, so it
# would run once per mutant; it checks the contract, not the money rules) and the SQL Server tests (skipped without a server).
suite='FullyQualifiedName!~Burgerbaan.Tests.Conformance&FullyQualifiedName!~Burgerbaan.Tests.SqlServer'
# The folders' own test namespaces: a mutant that fixture set-up covers is run against every test the filter lets
# through, and the whole suite (3 min) for each such mutant made one folder take hours. The score against these
# namespaces is a lower bound of the whole suite's; a survivor is then checked against the whole suite.
ns() { local f='' n; for n in "$@"; do f="$f${f:+|}FullyQualifiedName~Burgerbaan.Tests.$n."; done; echo "$f"; }
case "$target" in
  rules)     mutate='**/Allowance/AllowanceRules.cs'; filter='FullyQualifiedName~Burgerbaan.Tests.Allowance'; floor=85 ;;
  allowance) mutate='**/Allowance/*.cs'; filter="$suite"; floor=85 ;;
  payouts)   mutate='**/Payouts/*.cs'; filter="$(ns Payouts Outside Exports Audit PaymentBatches)"; floor=75 ;;
  hours)     mutate='**/Hours/*.cs'; filter="$(ns Hours Exports)"; floor=75 ;;
  runs)      mutate='**/PayoutRuns/*.cs'; filter="$(ns Hours Outside Exports Sponsors)"; floor=75 ;;
  *) echo "usage: $0 rules|allowance|payouts|hours|runs" >&2; exit 2 ;;
esac
dotnet tool restore > /dev/null
config="out/stryker-$target.json"
mkdir -p out
# One config per target, made here so the pattern, the filter and the floor stay in this one file.
cat > "$config" <<JSON
{
  "stryker-config": {
    "project": "Burgerbaan.Api.csproj",
    "test-projects": ["../../Burgerbaan.Tests/Burgerbaan.Tests.csproj"],
    "mutate": ["$mutate"],
    $( [ -n "$filter" ] && echo "\"test-case-filter\": \"$filter\"," )
    "coverage-analysis": "perTest",
    "reporters": ["progress", "json", "html", "markdown"],
    "thresholds": { "high": 95, "low": $floor, "break": $floor },
    "concurrency": ${STRYKER_CONCURRENCY:-2}
  }
}
JSON
cd out
dotnet stryker --config-file "stryker-$target.json" --output "$PWD/$target"
