#!/usr/bin/env bash
# The breaking-change check of openapi.yaml (README, "Changelog"). The base: $BASE when set (a commit, branch or tag);
# else the merge base with main when this branch has commits main lacks; else the last release tag (v*); else the
# previous commit (on main, what the last commit or merge changed). Needs the tools of .ci/package.json and git history.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
if [ -n "${BASE:-}" ]; then base=$BASE
elif git rev-parse -q --verify main > /dev/null && [ "$(git merge-base HEAD main)" != "$(git rev-parse HEAD)" ]; then base=$(git merge-base HEAD main)
elif tag=$(git describe --tags --abbrev=0 --match 'v*' 2> /dev/null); then base=$tag
elif git rev-parse -q --verify HEAD~1 > /dev/null; then base=HEAD~1
else echo "no base to compare with (a single commit, or a shallow clone): nothing to check"; exit 0
fi
old=$(mktemp); trap 'rm -f "$old"' EXIT
if ! git show "$base:openapi.yaml" > "$old" 2> /dev/null; then echo "the base $base has no openapi.yaml: nothing to compare"; exit 0; fi
echo "comparing openapi.yaml with $base ($(git rev-parse --short "$base"))"
node tests/contract/breaking-changes.mjs "$old" openapi.yaml README.md
