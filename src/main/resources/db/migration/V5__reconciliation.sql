-- Reconciliation: a provider's statement imported as it was given, its lines, and what matching them against the
-- installments found. Every difference is a flag for review (review = 'OPEN' until a checker resolves it); flagging
-- and resolving write ledger entries (RECONCILIATION_FLAGGED, RECONCILIATION_RESOLVED).

CREATE TABLE reconciliation (
    id              bigserial    PRIMARY KEY,
    provider        varchar(20)  NOT NULL,
    file_name       varchar(255),
    content_sha256  char(64)     NOT NULL,
    period_from     timestamptz  NOT NULL,  -- installments confirmed in [period_from, period_to) belong in the statement
    period_to       timestamptz  NOT NULL,
    line_count      integer      NOT NULL,
    imported_by     varchar(64)  NOT NULL,
    imported_at     timestamptz  NOT NULL,
    CHECK (period_to > period_from)
);
-- the same statement is reconciled once per provider: a second import names the first
CREATE UNIQUE INDEX reconciliation_statement_once ON reconciliation (provider, content_sha256);

CREATE TABLE statement_line (
    reconciliation_id bigint       NOT NULL REFERENCES reconciliation (id),
    line_no           integer      NOT NULL,  -- as a spreadsheet shows it (the header is line 1)
    reference         varchar(100) NOT NULL,
    reference_uuid    uuid,                   -- the reference read as a gateway provider reference, when it is one
    amount            varchar(40)  NOT NULL,  -- major units as the statement gives them, sign and separators dropped
    currency          char(3),
    occurred_at       timestamptz  NOT NULL,
    status            varchar(40)  NOT NULL,  -- the provider's word
    paid              varchar(8)   NOT NULL CHECK (paid IN ('PAID', 'NOT_PAID', 'PENDING')),
    PRIMARY KEY (reconciliation_id, line_no)
);
CREATE INDEX statement_line_reference ON statement_line (reconciliation_id, reference);
CREATE INDEX statement_line_reference_uuid ON statement_line (reconciliation_id, reference_uuid) WHERE reference_uuid IS NOT NULL;

CREATE TABLE reconciliation_result (
    id                  bigserial    PRIMARY KEY,
    reconciliation_id   bigint       NOT NULL REFERENCES reconciliation (id),
    outcome             varchar(24)  NOT NULL CHECK (outcome IN ('MATCHED', 'AMOUNT_MISMATCH', 'STATUS_MISMATCH',
                                     'MISSING_FROM_LEDGER', 'MISSING_FROM_STATEMENT', 'DUPLICATE_IN_STATEMENT')),
    line_no             integer,      -- null when missing from the statement
    reference           varchar(100) NOT NULL,
    installment_id      bigint,       -- null when missing from the ledger
    list_id             bigint,
    beneficiary_id      varchar(64),
    ledger_state        varchar(20),
    channel             varchar(8),
    ledger_amount_minor bigint,
    currency            char(3),
    statement_amount    varchar(40),
    statement_status    varchar(40),
    statement_time      timestamptz,
    detail              text,
    review              varchar(8)   CHECK (review IN ('OPEN', 'RESOLVED')),  -- null for MATCHED
    reviewed_by         varchar(64),
    reviewed_at         timestamptz,
    review_note         text,
    CHECK ((outcome = 'MATCHED') = (review IS NULL))
);
CREATE INDEX reconciliation_result_of ON reconciliation_result (reconciliation_id, outcome, id);
CREATE INDEX reconciliation_result_open ON reconciliation_result (reconciliation_id) WHERE review = 'OPEN';

-- The application imports and resolves: statements and their lines never change; a result changes only its review.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
        EXECUTE 'GRANT SELECT, INSERT ON reconciliation, statement_line TO ${appRole}';
        EXECUTE 'GRANT SELECT, INSERT, UPDATE (review, reviewed_by, reviewed_at, review_note) ON reconciliation_result TO ${appRole}';
        EXECUTE 'GRANT USAGE, SELECT ON reconciliation_id_seq, reconciliation_result_id_seq TO ${appRole}';
    END IF;
END
$$;
