#!/bin/bash
# First start on an empty PGDATA: initdb with the superuser POSTGRES_USER (password
# POSTGRES_PASSWORD, required) and the database POSTGRES_DB; clients on the container network log
# in with that password (scram-sha-256), nobody without one. Later starts use what is there.
# Then the server replaces this script (exec) in the foreground, so `docker stop` (SIGINT,
# PostgreSQL's fast shutdown) reaches it directly.
set -euo pipefail

user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "rotation-postgres: POSTGRES_PASSWORD is required to initialise $PGDATA" >&2
    exit 1
  fi
  pwfile=$(mktemp)
  trap 'rm -f "$pwfile"' EXIT
  printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  {
    echo "listen_addresses = '*'"
    echo "password_encryption = 'scram-sha-256'"
  } >> "$PGDATA/postgresql.conf"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    # Single-user mode: no server listens while the database is made.
    printf 'CREATE DATABASE "%s" OWNER "%s";\n' "${db//\"/\"\"}" "${user//\"/\"\"}" \
      | postgres --single -D "$PGDATA" -j postgres >/dev/null
  fi
  echo "rotation-postgres: initialised $PGDATA (user $user, database $db)"
fi

if [ "${1:-}" = postgres ]; then shift; exec postgres -D "$PGDATA" "$@"; fi
exec "$@"
