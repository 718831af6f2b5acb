#!/bin/sh
# Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d).
# Harbour connects as an ordinary role that owns its database: a superuser
# would bypass row-level security (docs/row-level-security.md). Its password
# comes from HARBOUR_DB_PASSWORD (the untracked .env, scripts/docker-env.js).
set -eu
psql -v ON_ERROR_STOP=1 -v pw="$HARBOUR_DB_PASSWORD" --username "$POSTGRES_USER" --dbname postgres <<'SQL'
CREATE ROLE harbour_app LOGIN PASSWORD :'pw' NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
CREATE DATABASE harbour OWNER harbour_app;
SQL
