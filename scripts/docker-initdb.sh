#!/bin/sh
# Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d).
# Two ordinary roles (docs/security.md, "Two database roles"): harbour_app owns
# the database and runs the migrations; harbour_runtime, which the api and the
# worker connect as, owns nothing and gets its grants from `harbour migrate`.
# A superuser would bypass row-level security, an owner could switch it off.
# Passwords come from HARBOUR_DB_PASSWORD and HARBOUR_RUNTIME_DB_PASSWORD (the
# untracked .env, scripts/docker-env.js).
set -eu
psql -v ON_ERROR_STOP=1 -v pw="$HARBOUR_DB_PASSWORD" -v rpw="$HARBOUR_RUNTIME_DB_PASSWORD" --username "$POSTGRES_USER" --dbname postgres <<'SQL'
CREATE ROLE harbour_app LOGIN PASSWORD :'pw' NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
CREATE ROLE harbour_runtime LOGIN PASSWORD :'rpw' NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOINHERIT;
CREATE DATABASE harbour OWNER harbour_app;
SQL
