#!/usr/bin/env bash
# Mutation testing of the money code with Stryker.NET (pinned in .config/dotnet-tools.json).
#   bash tests/mutation/run.sh rules       the rules module (api/Allowance/AllowanceRules.cs) against its unit tests;
#                                          fails under 85%. .ci/run runs this one.
#   bash tests/mutation/run.sh allowance   api/Allowance/ against the whole suite (HTTP tests included, less the fuzzer);
#                                          fails under 85%
#   bash tests/mutation/run.sh payouts     api/Payouts/      (75%)
#   bash tests/mutation/run.sh hours       api/Hours/        (75%)
#   bash tests/mutation/run.sh runs        api/PayoutRuns/   (75%)
# Reports (HTML, JSON, Markdown) go to tests/mutation/out/<target>/reports/. The whole-suite targets run every test
# that covers a mutant for each mutant: budget an hour or more each on 2 cores.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:-rules}"
# The whole suite less the conformance fuzzer (one test that sends thousands of requests and covers every mutant, so it
# would run once per mutant; it checks the contract, not the money rules) and the SQL Server tests (skipped without a server).
suite='FullyQualifiedName!~Burgerbaan.Tests.Conformance&FullyQualifiedName!~Burgerbaan.Tests.SqlServer'
case "$target" in
  rules)     mutate='**/Allowance/AllowanceRules.cs'; filter='FullyQualifiedName~Burgerbaan.Tests.Allowance'; floor=85 ;;
  allowance) mutate='**/Allowance/*.cs'; filter="$suite"; floor=85 ;;
  payouts)   mutate='**/Payouts/*.cs'; filter="$suite"; floor=75 ;;
  hours)     mutate='**/Hours/*.cs'; filter="$suite"; floor=75 ;;
  runs)      mutate='**/PayoutRuns/*.cs'; filter="$suite"; floor=75 ;;
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
