#!/bin/bash
# Healthy when the server accepts a connection to POSTGRES_DB as POSTGRES_USER over TCP (not only
# its socket): what a tenant node needs. pg_isready sends no password and needs none.
exec pg_isready -q -h 127.0.0.1 -p 5432 -U "${POSTGRES_USER:-postgres}" -d "${POSTGRES_DB:-${POSTGRES_USER:-postgres}}"
