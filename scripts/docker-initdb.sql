-- Run once by the postgres image on an empty data volume (docker-entrypoint-initdb.d).
-- Harbour connects as an ordinary role that owns its database: a superuser
-- would bypass row-level security (docs/row-level-security.md). Trust auth in
-- this development compose file, so the role has no password.
CREATE ROLE harbour_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB;
CREATE DATABASE harbour OWNER harbour_app;
