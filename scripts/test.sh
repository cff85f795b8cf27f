#!/usr/bin/env bash
# `npm test`: every tier of the suite against real local infrastructure.
#   1. npm ci when node_modules is missing
#   2. scripts/infra.sh up (Postgres, Redis, Kafka on loopback), source .run/infra.env
#   3. nx run-many -t lint test        (lint + unit, parallel)
#      nx run-many -t test-int         (integration, one project at a time)
#      nx run-many -t test-e2e         (end to end, one project at a time)
#      each Jest run writes reports/jest/<project root>/<tier>.json; a failing step does not stop the next
#   4. node scripts/test-summary.mjs   (table, then the last line: "N passed, M failed")
# Exit status: non-zero when any step failed or any test failed. The infrastructure is left running
# (stop it with `bash scripts/infra.sh down`).
set -euo pipefail
GH_TAG="test"
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GH_ROOT"

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
# test-only secrets (exactly 32 characters for the cipher, at least 16 for the default) unless given
export SECRETS_CIPHER="${SECRETS_CIPHER:-test-cipher-secret-0123456789abc}"
export SECRETS_DEFAULT="${SECRETS_DEFAULT:-test-default-secret-0123456789}"

failed_steps=()
step() { printf '\n===== %s =====\n' "$*"; }

# Every path ends here, so the summary line is always the last line printed.
finish() {
  local args=() s
  for s in "${failed_steps[@]+"${failed_steps[@]}"}"; do args+=("--nx-failed=$s"); done
  local rc=0
  if ! command -v node >/dev/null 2>&1; then
    printf '\nnode is not installed, so no test could run\n0 passed, 1 failed\n'
    exit 1
  fi
  node "$GH_ROOT/scripts/test-summary.mjs" "${args[@]+"${args[@]}"}" || rc=$?
  # belt and braces: a failed step means failure even if the summary found nothing
  if ((rc == 0)) && ((${#failed_steps[@]} > 0)); then rc=1; fi
  exit "$rc"
}

rm -rf "$GH_ROOT/reports/jest"

if ((${#SECRETS_CIPHER} != 32)) || ((${#SECRETS_DEFAULT} < 16)); then
  printf '%s: SECRETS_CIPHER must be exactly 32 characters and SECRETS_DEFAULT at least 16 (they have %s and %s).\n' \
    "$GH_TAG" "${#SECRETS_CIPHER}" "${#SECRETS_DEFAULT}" >&2
  failed_steps+=("secrets")
  finish
fi

step "dependencies"
if ! (ensure_node_modules); then
  failed_steps+=("npm ci")
  finish
fi
node --version

step "infrastructure (scripts/infra.sh up)"
infra_ok=1
if bash "$GH_ROOT/scripts/infra.sh" up; then
  # shellcheck source=/dev/null
  source "$GH_RUN/infra.env"
else
  infra_ok=0
  failed_steps+=("infra")
fi

step "lint + unit tests (nx run-many -t lint test)"
npx --no -- nx run-many -t lint test --outputStyle=stream </dev/null || failed_steps+=("lint/test")

if ((infra_ok)); then
  step "integration tests (nx run-many -t test-int --parallel=1)"
  npx --no -- nx run-many -t test-int --parallel=1 --outputStyle=stream </dev/null || failed_steps+=("test-int")

  step "end-to-end tests (nx run-many -t test-e2e --parallel=1)"
  npx --no -- nx run-many -t test-e2e --parallel=1 --outputStyle=stream </dev/null || failed_steps+=("test-e2e")
else
  printf '%s: infrastructure did not come up: skipping integration and end-to-end tests\n' "$GH_TAG"
fi

finish
