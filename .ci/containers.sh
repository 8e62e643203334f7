#!/usr/bin/env bash
# CI step for the containers (issue 6), on a Debian machine that reaches no image registry:
#   1. Debian's docker.io + docker-compose, dockerd started as root if none answers
#   2. local base images (debootstrap; Debian alone and with this machine's .NET; skipped when present)
#   3. the project images rotation/{tenant,sender,drill}:local (offline restore, --network none) and
#      rotation/{postgres,haproxy}:local (Debian's packages)
#   4. two compose demos (the drill on the admin API, then through /api/v1 only): PostgreSQL, three
#      tenant nodes, HAProxy, the sender and the drill on an
#      internal network; fails when the drill exits non-zero (an invariant broke) or writes no report
# Prints the time of each part. Run from anywhere: `bash .ci/containers.sh`.
# Env: ROTATION_SKIP_COMPOSE_DEMO=1 stops after the images (for a quick image check);
#      ROTATION_CONTAINER_TESTS=1 also runs tests/Rotation.Container.Tests at the end, on its own
#      (use it when that project is not run with the solution's tests).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

section_started=0
section() { section_started=$(date +%s); printf '\n== containers: %s\n' "$*"; }
took() { printf '== containers: %s took %ss\n' "$1" "$(( $(date +%s) - section_started ))"; }
all_started=$(date +%s)

section "engine"
# shellcheck source=../docker/engine.sh
source docker/engine.sh
"$DOCKER" version --format 'docker engine {{.Server.Version}} (API {{.Server.APIVersion}})'
took "engine"

section "base images"
bash docker/build-base-images.sh
took "base images"

section "project images"
bash docker/build-images.sh
"$DOCKER" image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' 'rotation/*'
took "project images"

if [ "${ROTATION_SKIP_COMPOSE_DEMO:-0}" = 1 ]; then
  echo "== containers: compose demo skipped (ROTATION_SKIP_COMPOSE_DEMO=1)"
  exit 0
fi

# Two runs on fresh volumes: the drill on the tenant's admin API (both procedures), then the drill
# through the platform's /api/v1 only (docker-compose.cpi.yml, overlap).
demo() {
  local name=$1 reports=$2; shift 2
  section "compose demo ($name)"
  # A project name of its own per run: a second demo on the same engine (another checkout, a developer's
  # run) must neither share nor tear down this one's containers, network and volumes.
  local project="rotation-ci-$$-$name"
  local compose=("$COMPOSE" -p "$project" -f docker-compose.yml "$@")
  # The drill runs as the image's user (uid 1654) and writes its report into ./reports.
  if [ "$(id -u)" = 0 ]; then install -d -m 0755 -o 1654 -g 1654 reports; else mkdir -p reports && chmod a+rwx reports; fi
  rm -f "$reports/report.json" "$reports/report.html"
  "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  local status=0
  # A hung demo must not eat CI's budget: the drill's own phases take a few seconds each; the
  # cluster takes one to two minutes to start on a busy two-core machine (PostgreSQL, three nodes).
  timeout --kill-after=20s "${ROTATION_COMPOSE_TIMEOUT:-600}" \
    "${compose[@]}" up --no-build --no-color --abort-on-container-exit --exit-code-from drill || status=$?
  if [ "$status" != 0 ]; then
    echo "== containers: the compose demo ($name) failed (exit $status); container states and last logs:"
    "${compose[@]}" ps || true
    "${compose[@]}" logs --no-color --tail 40 postgres tenant-1 tenant-2 tenant-3 haproxy sender || true
  fi
  "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  took "compose demo ($name)"
  [ "$status" = 0 ] || exit "$status"
  for f in report.json report.html; do
    [ -s "$reports/$f" ] || { echo "== containers: the drill exited 0 but wrote no $reports/$f"; exit 1; }
  done
  echo "== containers: drill report in $root/$reports/report.html"
}
demo admin-api reports
demo cpi-api reports/cpi -f docker-compose.cpi.yml

if [ "${ROTATION_CONTAINER_TESTS:-0}" = 1 ]; then
  section "container tests"
  # The images were just built: the tests' own build check is a cache hit.
  dotnet test tests/Rotation.Container.Tests -c Release
  took "container tests"
fi
echo "== containers: all done in $(( $(date +%s) - all_started ))s"
