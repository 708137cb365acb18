-- Foundation: payment lists, their beneficiaries, the installment plan and the append-only ledger.
-- Money is always bigint minor units next to its ISO 4217 currency code.

CREATE TABLE payment_list (
    id                 bigserial    PRIMARY KEY,
    uid                uuid         NOT NULL UNIQUE,
    programme          varchar(32)  NOT NULL,
    currency           char(3)      NOT NULL,
    first_due_date     date         NOT NULL,
    interval_period    varchar(32)  NOT NULL,
    approval_reference varchar(100),
    file_name          varchar(255),
    content_sha256     char(64)     NOT NULL,
    source             varchar(8)   NOT NULL CHECK (source IN ('API', 'INBOX')),
    status             varchar(20)  NOT NULL CHECK (status IN ('PENDING_APPROVAL', 'APPROVED', 'REJECTED')),
    row_count          integer      NOT NULL DEFAULT 0,
    total_minor        bigint       NOT NULL DEFAULT 0,
    installment_count  integer      NOT NULL DEFAULT 0,
    error_count        integer      NOT NULL DEFAULT 0,
    uploaded_by        varchar(64)  NOT NULL,
    uploaded_at        timestamptz  NOT NULL,
    decided_by         varchar(64),
    decided_at         timestamptz,
    decision_reason    text
);
-- the same file is accepted once: a second upload of identical bytes names the earlier list
CREATE UNIQUE INDEX payment_list_content_once ON payment_list (content_sha256) WHERE status <> 'REJECTED';
CREATE INDEX payment_list_programme ON payment_list (programme, id);

CREATE TABLE beneficiary (
    id              bigserial    PRIMARY KEY,
    list_id         bigint       NOT NULL REFERENCES payment_list (id),
    programme       varchar(32)  NOT NULL,
    row_no          integer      NOT NULL,
    beneficiary_id  varchar(64)  NOT NULL,
    full_name       varchar(200) NOT NULL,
    national_id     varchar(17),
    channel         varchar(8)   NOT NULL CHECK (channel IN ('BKASH', 'NAGAD', 'MPESA', 'MTN', 'CASH')),
    wallet_number   varchar(16),
    amount_minor    bigint       NOT NULL CHECK (amount_minor > 0),
    installments    smallint     NOT NULL CHECK (installments BETWEEN 1 AND 12),
    location        varchar(100),
    category        varchar(50),
    UNIQUE (list_id, beneficiary_id),
    CHECK (channel = 'CASH' OR wallet_number IS NOT NULL)
);
CREATE INDEX beneficiary_wallet ON beneficiary (wallet_number, programme) WHERE wallet_number IS NOT NULL;
CREATE INDEX beneficiary_national_id ON beneficiary (national_id, programme) WHERE national_id IS NOT NULL;
CREATE INDEX beneficiary_person ON beneficiary (beneficiary_id);

CREATE TABLE installment (
    id                 bigserial    PRIMARY KEY,
    list_id            bigint       NOT NULL,  -- the list of beneficiary_ref (no FK: a bulk plan would lock-check the list row per installment)
    beneficiary_ref    bigint       NOT NULL REFERENCES beneficiary (id),
    number             smallint     NOT NULL CHECK (number BETWEEN 1 AND 12),
    amount_minor       bigint       NOT NULL CHECK (amount_minor > 0),
    currency           char(3)      NOT NULL,
    channel            varchar(8)   NOT NULL,
    due_date           date         NOT NULL,
    provider_reference uuid         NOT NULL UNIQUE,
    state              varchar(20)  NOT NULL,
    attempts           integer      NOT NULL DEFAULT 0,
    next_attempt_at    timestamptz,
    last_error         text,
    updated_at         timestamptz  NOT NULL,
    UNIQUE (beneficiary_ref, number)
);
CREATE INDEX installment_list_number_state ON installment (list_id, number, state);
CREATE INDEX installment_planned_due ON installment (due_date) WHERE state = 'PLANNED';
CREATE INDEX installment_ready ON installment (next_attempt_at) WHERE state = 'READY';

-- the validation report of a list, kept for the audit trail (a rejected list keeps nothing else)
CREATE TABLE list_error (
    list_id     bigint       NOT NULL REFERENCES payment_list (id),
    seq         integer      NOT NULL,
    row_no      integer      NOT NULL,
    column_name varchar(64),
    rule        varchar(40)  NOT NULL,
    message     text         NOT NULL,
    value       text,
    PRIMARY KEY (list_id, seq)
);

CREATE TABLE ledger_entry (
    id              bigserial    PRIMARY KEY,
    occurred_at     timestamptz  NOT NULL,
    actor           varchar(64)  NOT NULL,
    action          varchar(40)  NOT NULL,
    list_id         bigint      ,  -- no FK: history must not lock-check its parent; payment lists are never deleted (no DELETE grant)
    installment_id  bigint,
    beneficiary_id  varchar(64),
    amount_minor    bigint,
    currency        char(3),
    from_state      varchar(20),
    to_state        varchar(20),
    reference       varchar(64),
    detail          text
);
CREATE INDEX ledger_entry_list ON ledger_entry (list_id, id);
CREATE INDEX ledger_entry_installment ON ledger_entry (installment_id, id) WHERE installment_id IS NOT NULL;
CREATE INDEX ledger_entry_beneficiary ON ledger_entry (beneficiary_id, id) WHERE beneficiary_id IS NOT NULL;

-- The ledger is append-only for everyone, owner included: rows may be inserted and read, never changed.
CREATE FUNCTION ledger_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entry is append-only: % is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER ledger_entry_no_update_delete BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_refuse_change();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_refuse_change();

-- The application's role (placeholder appRole) gets plain DML on the working tables and only
-- SELECT and INSERT on the ledger. Where the role does not exist (the application runs as the owner)
-- the trigger above still refuses every change to the ledger.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
        EXECUTE 'GRANT USAGE ON SCHEMA public TO ${appRole}';
        EXECUTE 'GRANT SELECT, INSERT, UPDATE ON payment_list, beneficiary, installment, list_error TO ${appRole}';
        EXECUTE 'GRANT SELECT, INSERT ON ledger_entry TO ${appRole}';
        EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${appRole}';
        EXECUTE 'GRANT TEMPORARY ON DATABASE ' || current_database() || ' TO ${appRole}';
    END IF;
END
$$;
