#!/bin/bash
# Creates the gateway's application role before the gateway's first Flyway migration grants it its rights
# (plain DML on working tables, only SELECT and INSERT on the append-only ledger).
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v app_password="${GATEWAY_APP_PASSWORD:?set GATEWAY_APP_PASSWORD}" <<'SQL'
CREATE ROLE gateway_app LOGIN PASSWORD :'app_password';
GRANT CONNECT, TEMPORARY ON DATABASE gateway TO gateway_app;
SQL
