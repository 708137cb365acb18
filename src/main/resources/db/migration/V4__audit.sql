-- Audit: tamper evidence for the ledger (hash chains, sealed in the background), the auditors' access log, and the
-- read-only database role for auditors' own SQL.

-- The canonical text of a ledger entry, the input of its hash. Every column, in a fixed order, joined by '|';
-- text as <length in characters>:<text>, numbers as digits, the time as microseconds since 1970-01-01 UTC, and
-- NULL as '-'. An entry's hash is sha256(prev_hash || convert_to(ledger_entry_canonical(e), 'UTF8')).
-- (both are plain SQL expressions that PostgreSQL inlines into the query: no function call per row)
CREATE FUNCTION ledger_canonical_text(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN t IS NULL THEN '-' ELSE char_length(t)::text || ':' || t END
$$;

CREATE FUNCTION ledger_entry_canonical(e ledger_entry) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT concat_ws('|',
        e.id,
        (extract(epoch FROM e.occurred_at) * 1000000)::bigint,
        ledger_canonical_text(e.actor),
        ledger_canonical_text(e.action),
        coalesce(e.list_id::text, '-'),
        coalesce(e.installment_id::text, '-'),
        ledger_canonical_text(e.beneficiary_id),
        coalesce(e.amount_minor::text, '-'),
        ledger_canonical_text(e.currency::text),
        ledger_canonical_text(e.from_state),
        ledger_canonical_text(e.to_state),
        ledger_canonical_text(e.reference),
        ledger_canonical_text(e.detail))
$$;

-- One seal per ledger entry: its place in the hash chain of its list (chain = list_id, 0 for entries of no list).
-- Within a chain, entries follow in id order; prev_hash is the hash of the chain's previous entry (32 zero bytes
-- for the first). Written by the audit.seal route, never changed.
CREATE TABLE ledger_seal (
    entry_id   bigint       PRIMARY KEY,
    chain      bigint       NOT NULL,
    prev_hash  bytea        NOT NULL CHECK (octet_length(prev_hash) = 32),
    hash       bytea        NOT NULL CHECK (octet_length(hash) = 32),
    sealed_at  timestamptz  NOT NULL
);
CREATE INDEX ledger_seal_chain ON ledger_seal (chain, entry_id);

-- One row per sealing round: every ledger entry with from_id < id <= to_id that existed was sealed in it, so
-- every entry with an id up to the highest to_id (the sealed horizon) must have a seal.
CREATE TABLE ledger_seal_batch (
    id          bigserial    PRIMARY KEY,
    from_id     bigint       NOT NULL,
    to_id       bigint       NOT NULL CHECK (to_id > from_id),
    entries     integer      NOT NULL,
    chains      integer      NOT NULL,
    sealed_at   timestamptz  NOT NULL
);
CREATE UNIQUE INDEX ledger_seal_batch_to ON ledger_seal_batch (to_id);

-- Who read or exported what through the auditor endpoints.
CREATE TABLE access_log (
    id           bigserial    PRIMARY KEY,
    at           timestamptz  NOT NULL,
    username     varchar(64)  NOT NULL,
    roles        varchar(200) NOT NULL,
    method       varchar(10)  NOT NULL,
    path         varchar(500) NOT NULL,
    filters      text,         -- the query parameters as JSON
    format       varchar(20)  NOT NULL,  -- csv, json, html, pdf, problem+json …
    status       integer      NOT NULL,
    row_count    bigint,
    duration_ms  bigint       NOT NULL,
    remote_addr  varchar(64),
    error        text
);
CREATE INDEX access_log_user ON access_log (username, id);
CREATE INDEX access_log_at ON access_log USING brin (at);

-- time-range filters of the ledger; a BRIN index costs almost nothing on the bulk inserts of the plan
CREATE INDEX ledger_entry_occurred ON ledger_entry USING brin (occurred_at);

-- Seals, sealing rounds and the access log are append-only, like the ledger.
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER ledger_seal_no_update_delete BEFORE UPDATE OR DELETE ON ledger_seal
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER ledger_seal_no_truncate BEFORE TRUNCATE ON ledger_seal
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER ledger_seal_batch_no_update_delete BEFORE UPDATE OR DELETE ON ledger_seal_batch
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER ledger_seal_batch_no_truncate BEFORE TRUNCATE ON ledger_seal_batch
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER access_log_no_update_delete BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The auditors' database role: a group role without login that may only read. Auditors log in as their own
-- roles, members of it (see the README, "Audit"). Creating a role needs CREATEROLE; where the migrating user lacks
-- it, the role is left to the database administrator and granted here only if it already exists.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gateway_auditor')
       AND (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE 'CREATE ROLE gateway_auditor NOLOGIN';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gateway_auditor') THEN
        -- PUBLIC has both by default; only the database's and the schema's owners may grant them
        BEGIN
            EXECUTE 'GRANT CONNECT ON DATABASE ' || quote_ident(current_database()) || ' TO gateway_auditor';
            EXECUTE 'GRANT USAGE ON SCHEMA public TO gateway_auditor';
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'CONNECT and USAGE on schema public left to PUBLIC''s defaults for gateway_auditor';
        END;
        EXECUTE 'GRANT SELECT ON ALL TABLES IN SCHEMA public TO gateway_auditor';
        EXECUTE 'GRANT EXECUTE ON FUNCTION ledger_entry_canonical(ledger_entry), ledger_canonical_text(text) TO gateway_auditor';
        -- tables of later migrations (created by this same owner) are readable too
        EXECUTE 'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO gateway_auditor';
    ELSE
        RAISE NOTICE 'role gateway_auditor does not exist and % may not create it: auditors get no database role', current_user;
    END IF;
END
$$;

-- The application seals and logs: it may read and append, never change.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
        EXECUTE 'GRANT SELECT, INSERT ON ledger_seal, ledger_seal_batch, access_log TO ${appRole}';
        EXECUTE 'GRANT USAGE, SELECT ON ledger_seal_batch_id_seq, access_log_id_seq TO ${appRole}';
    END IF;
END
$$;
