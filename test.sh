#!/usr/bin/env bash
# Runs every test of EphemChat on a fresh machine of this kind:
#   prerequisites from Debian (redis-server, chromium, coturn), the whole solution's build (which runs npm ci and the
#   web app's build), the web app's type check and unit tests (Vitest), then every .NET test project, one at a time
#   (they start real servers and browsers; two at once on 2 cores only makes both slow).
set -uo pipefail
cd "$(dirname "$0")"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

step() { printf '\n==> %s\n' "$*"; }

step "Prerequisites"
bash eng/install-prerequisites.sh || exit 1

step "Build"
dotnet build EphemChat.sln -c Debug -nologo -clp:ErrorsOnly || exit 1

step "Web app: types and unit tests"
if [ -f frontend/package.json ]; then
  (cd frontend && npm run --silent typecheck && npm test --silent -- --reporter=default) 2>&1 | tee -a "$log"
  web_status=${PIPESTATUS[0]}
else
  web_status=0
fi

step ".NET tests"
dotnet test EphemChat.sln --no-build -c Debug -m:1 -nologo "$@" 2>&1 | tee -a "$log"
dotnet_status=${PIPESTATUS[0]}

# One closing line for the whole run: "N passed, N failed".
passed=0
failed=0
while read -r f p; do
  passed=$((passed + p)); failed=$((failed + f))
done < <(sed -n 's/.*Failed:[[:space:]]*\([0-9]\+\), Passed:[[:space:]]*\([0-9]\+\).*/\1 \2/p' "$log")
# Vitest colours its summary; strip the escape codes before reading it.
vitest=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | sed -n 's/^[[:space:]]*Tests[[:space:]]\+\(.*\)$/\1/p' | tail -1)
if [ -n "$vitest" ]; then
  vp=$(echo "$vitest" | sed -n 's/.*\b\([0-9]\+\) passed.*/\1/p'); vf=$(echo "$vitest" | sed -n 's/.*\b\([0-9]\+\) failed.*/\1/p')
  passed=$((passed + ${vp:-0})); failed=$((failed + ${vf:-0}))
fi
if [ "$web_status" -ne 0 ] || [ "$dotnet_status" -ne 0 ]; then
  [ "$failed" -gt 0 ] || failed=1
fi
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
