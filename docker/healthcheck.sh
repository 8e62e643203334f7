#!/bin/bash
# HEALTHCHECK probe without curl or wget (neither is in the .NET runtime images):
# GET http://127.0.0.1:PORT/PATH over bash's /dev/tcp; healthy on a 2xx status line.
# Usage: rotation-healthcheck PORT [PATH]
port=${1:?port}
path=${2:-/health/ready}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
case "$status" in
  "HTTP/1."?" 2"*) exit 0 ;;
  *) echo "unhealthy: $status" >&2; exit 1 ;;
esac
