#!/usr/bin/env bash
# Makes a Docker engine available on a Debian machine without an image registry:
# installs Debian's docker.io and docker-compose (v1, the only Compose bookworm ships),
# and starts dockerd as root in the background when none answers.
# Idempotent: a second run only checks. Source it or run it; it exports DOCKER and COMPOSE.
set -euo pipefail

log() { printf '[engine] %s\n' "$*" >&2; }

ROTATION_DOCKERD_LOG=${ROTATION_DOCKERD_LOG:-/var/log/rotation-dockerd.log}

install_engine() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  [ -x /usr/bin/docker ] || missing+=(docker.io)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  command -v iptables >/dev/null 2>&1 || missing+=(iptables)
  if [ ${#missing[@]} -eq 0 ]; then
    log "docker.io, docker-compose and debootstrap already installed"
    return
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Other jobs on the machine may hold the dpkg lock; wait for it rather than fail.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
    docker.io docker-compose debootstrap iptables >/dev/null
}

# The docker CLI that ships with docker.io matches its daemon; a newer CLI elsewhere on PATH
# (for example a static one in /usr/local/bin) wants buildx for `docker build`.
docker_cli() {
  if [ -x /usr/bin/docker ]; then echo /usr/bin/docker; else command -v docker; fi
}

start_daemon() {
  local docker; docker=$(docker_cli)
  if "$docker" info >/dev/null 2>&1; then
    log "dockerd already answers"
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    log "dockerd is not running and only root can start it"; return 1
  fi
  log "starting dockerd (log: $ROTATION_DOCKERD_LOG)"
  mkdir -p "$(dirname "$ROTATION_DOCKERD_LOG")"
  # setsid: the daemon must outlive this script and must not get its terminal's signals.
  setsid dockerd >>"$ROTATION_DOCKERD_LOG" 2>&1 < /dev/null &
  local i started=$SECONDS
  for i in $(seq 1 60); do
    if "$docker" info >/dev/null 2>&1; then log "dockerd ready after $(( SECONDS - started ))s"; return; fi
    sleep 1
  done
  log "dockerd did not answer within 60 s; last lines of its log:"
  tail -n 30 "$ROTATION_DOCKERD_LOG" >&2
  return 1
}

install_engine
start_daemon
DOCKER=$(docker_cli)
COMPOSE=$(command -v docker-compose)
export DOCKER COMPOSE
