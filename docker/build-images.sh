#!/usr/bin/env bash
# Builds the project images rotation/tenant, rotation/sender and rotation/drill from the
# targets of the root Dockerfile, with the repository root as the build context, and
# rotation/postgres and rotation/haproxy (Debian's postgresql-15 and haproxy packages) from
# docker/postgres/Dockerfile and docker/haproxy/Dockerfile, with docker/ as the build context.
#
# Usage: docker/build-images.sh [--official] [--online] [--tag TAG]
#   default     base images rotation/dotnet-sdk:local, rotation/aspnet:local and rotation/debian:local
#               (docker/build-base-images.sh) and an offline restore: the host restores, the
#               packages go into docker/offline-packages/, the image build runs with
#               --network none and restores only from there.
#   --official  base images mcr.microsoft.com/dotnet/sdk:10.0, aspnet:10.0 and debian:bookworm-slim
#               (needs a registry)
#   --online    restore from nuget.org inside the build (needs the build to reach NuGet)
#   --tag TAG   image tag (default: local)
# The PostgreSQL and HAProxy images install their Debian package with apt-get in the build: their
# builds reach the Debian mirror (the base image's apt sources), the .NET builds reach nothing.
# Env: DOCKER (CLI), SDK_IMAGE / RUNTIME_IMAGE / DEBIAN_IMAGE (override the base images).
set -euo pipefail

log() { printf '[images] %s\n' "$*" >&2; }

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
DOCKER=${DOCKER:-$( [ -x /usr/bin/docker ] && echo /usr/bin/docker || command -v docker )}

tag=local offline=1 official=0
while [ $# -gt 0 ]; do
  case "$1" in
    --official) official=1 ;;
    --online) offline=0 ;;
    --tag) tag=$2; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) log "unknown argument $1"; exit 2 ;;
  esac
  shift
done
if [ "$official" = 1 ]; then
  SDK_IMAGE=${SDK_IMAGE:-mcr.microsoft.com/dotnet/sdk:10.0}
  RUNTIME_IMAGE=${RUNTIME_IMAGE:-mcr.microsoft.com/dotnet/aspnet:10.0}
  DEBIAN_IMAGE=${DEBIAN_IMAGE:-debian:bookworm-slim}
else
  SDK_IMAGE=${SDK_IMAGE:-rotation/dotnet-sdk:local}
  RUNTIME_IMAGE=${RUNTIME_IMAGE:-rotation/aspnet:local}
  DEBIAN_IMAGE=${DEBIAN_IMAGE:-rotation/debian:local}
fi

if [ "$official" = 0 ] && { [ "$SDK_IMAGE" = rotation/dotnet-sdk:local ] || [ "$RUNTIME_IMAGE" = rotation/aspnet:local ] || [ "$DEBIAN_IMAGE" = rotation/debian:local ]; }; then
  # A no-op when both exist.
  bash docker/build-base-images.sh
fi

feed=docker/offline-packages
logs=artifacts/docker-logs
mkdir -p "$logs"
build_network=()
if [ "$offline" = 1 ]; then
  t0=$(date +%s)
  log "restoring on the host for the offline feed"
  dotnet restore drill/Rotation.Drill/Rotation.Drill.csproj --verbosity quiet
  /usr/bin/python3 docker/offline-feed.py "$feed" \
    drill/Rotation.Drill tenant-service/Rotation.Tenant sender-client/Rotation.Sender shared/Rotation.Shared
  log "offline feed ready in $(( $(date +%s) - t0 ))s"
  # No network in the build's RUN steps: a package missing from the feed fails loudly.
  build_network=(--network none)
else
  find "$feed" -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +
fi

for name in tenant sender drill; do
  t0=$(date +%s)
  log "building rotation/$name:$tag from the Dockerfile's $name target (SDK $SDK_IMAGE, runtime $RUNTIME_IMAGE)"
  # The classic builder: the build stage compiles once and the layer cache serves it to the other
  # targets; it needs no buildx (Debian's docker.io 20.10 ships none).
  if ! DOCKER_BUILDKIT=0 "$DOCKER" build "${build_network[@]}" \
      --build-arg "SDK_IMAGE=$SDK_IMAGE" --build-arg "RUNTIME_IMAGE=$RUNTIME_IMAGE" \
      --target "$name" -t "rotation/$name:$tag" . >"$logs/$name.log" 2>&1; then
    log "building rotation/$name:$tag failed; the end of $logs/$name.log:"
    tail -n 60 "$logs/$name.log" >&2
    exit 1
  fi
  log "rotation/$name:$tag built in $(( $(date +%s) - t0 ))s"
done

for name in postgres haproxy; do
  t0=$(date +%s)
  log "building rotation/$name:$tag from docker/$name/Dockerfile (base $DEBIAN_IMAGE)"
  if ! DOCKER_BUILDKIT=0 "$DOCKER" build --build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE" \
      -f "docker/$name/Dockerfile" -t "rotation/$name:$tag" docker >"$logs/$name.log" 2>&1; then
    log "building rotation/$name:$tag failed; the end of $logs/$name.log:"
    tail -n 60 "$logs/$name.log" >&2
    exit 1
  fi
  log "rotation/$name:$tag built in $(( $(date +%s) - t0 ))s"
done
