#!/usr/bin/env bash
# Mutation testing of the money code with Stryker.NET (pinned in .config/dotnet-tools.json).
#   bash tests/mutation/run.sh rules       the rules module (api/Allowance/AllowanceRules.cs) against its unit tests;
#                                          fails under 85%. .ci/run runs this one.
#   bash tests/mutation/run.sh allowance   api/Allowance/ against the whole suite (HTTP tests included, less the fuzzer);
#                                          fails under 85%
#   bash tests/mutation/run.sh payouts     api/Payouts/      against the Payouts, Outside, Exports, Audit, PaymentBatches, Contract and
#                                          Sponsors tests and the payout tests kept elsewhere (payouts paying hour entries, the
#                                          payout counters), its OpenAPI examples against the contract tests (75%)
#   bash tests/mutation/run.sh hours       api/Hours/        against the Hours and Exports tests (75%)
#   bash tests/mutation/run.sh runs        api/PayoutRuns/   against the Hours, Outside, Exports and Sponsors tests (75%)
# Reports (HTML, JSON, Markdown) go to tests/mutation/out/<target>/<part>/reports/; score.mjs adds the parts up and
# prints the score per file and in total. Each mutant runs the tests that cover it.
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
# A target is one or more parts, each "mutate patterns (comma-separated; ! excludes)|test filter", run one after the
# other; the floor applies to their sum. The OpenAPI examples (PayoutExamples.cs) are their own part: static fields
# that Swashbuckle reads outside any test, so Stryker would run every test of the folder's filter for each of their 73
# mutants, while only the contract test (served document = openapi.yaml) can notice one. For the same reason the
# endpoints' summaries and descriptions (WithSummary, WithDescription) are not mutated: run at host start, each such
# mutant would run the first test of every class against a text that only the contract test compares.
case "$target" in
  rules)     parts=("**/Allowance/AllowanceRules.cs|FullyQualifiedName~Burgerbaan.Tests.Allowance"); floor=85 ;;
  allowance) parts=("**/Allowance/*.cs|$suite"); floor=85 ;;
  payouts)   parts=("**/Payouts/*.cs,!**/Payouts/PayoutExamples.cs|$(ns Payouts Outside Exports Audit PaymentBatches Contract Sponsors \
                      Hours.HourPayoutTests Hours.HourPaidStatusTests Telemetry.MetricsEndpointTests)"
                    "**/Payouts/PayoutExamples.cs|$(ns Contract)"); floor=75 ;;
  hours)     parts=("**/Hours/*.cs|$(ns Hours Exports)"); floor=75 ;;
  runs)      parts=("**/PayoutRuns/*.cs|$(ns Hours Outside Exports Sponsors)"); floor=75 ;;
  *) echo "usage: $0 rules|allowance|payouts|hours|runs" >&2; exit 2 ;;
esac
dotnet tool restore > /dev/null
mkdir -p out
reports=()
for i in "${!parts[@]}"; do
  part="${parts[$i]}"; mutate="${part%%|*}"; filter="${part#*|}"
  name="$target"; [ "${#parts[@]}" -gt 1 ] && name="$target-$((i + 1))"
  config="out/stryker-$name.json"
  # One config per part, made here so the patterns, the filter and the floor stay in this one file. Stryker's own break
  # is off: the floor is checked on the sum below.
  cat > "$config" <<JSON
{
  "stryker-config": {
    "project": "Burgerbaan.Api.csproj",
    "test-projects": ["../../Burgerbaan.Tests/Burgerbaan.Tests.csproj"],
    "mutate": [$(echo "$mutate" | sed 's/[^,]*/"&"/g')],
    $( [ -n "$filter" ] && echo "\"test-case-filter\": \"$filter\"," )
    "coverage-analysis": "perTest",
    "ignore-methods": ["WithSummary", "WithDescription"],
    "reporters": ["progress", "json", "html", "markdown"],
    "thresholds": { "high": 95, "low": $floor, "break": 0 },
    "concurrency": ${STRYKER_CONCURRENCY:-2}
  }
}
JSON
  rm -rf "out/$target/$name"
  (cd out && dotnet stryker --config-file "stryker-$name.json" --output "$PWD/$target/$name")
  reports+=("out/$target/$name/reports/mutation-report.json")
done
node score.mjs "$floor" "${reports[@]}"
