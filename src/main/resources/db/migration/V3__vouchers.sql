-- Cash-by-hand vouchers: one voucher per released CASH installment, its printed codes (only their SHA-256 hashes
-- and last characters: the plain code exists only on paper), and the wrong-code guard per field agent.

CREATE TABLE voucher (
    id                 bigserial    PRIMARY KEY,
    installment_id     bigint       NOT NULL REFERENCES installment (id),
    list_id            bigint       NOT NULL,
    beneficiary_ref    bigint       NOT NULL REFERENCES beneficiary (id),
    number             smallint     NOT NULL,
    amount_minor       bigint       NOT NULL CHECK (amount_minor > 0),
    currency           char(3)      NOT NULL,
    location           varchar(100) NOT NULL,
    state              varchar(12)  NOT NULL CHECK (state IN ('ISSUED', 'REDEEMED', 'EXPIRED', 'CANCELLED', 'VOID')),
    issued_at          timestamptz  NOT NULL,
    issued_by          varchar(64)  NOT NULL,
    valid_until        timestamptz  NOT NULL,
    replaces           bigint       REFERENCES voucher (id),
    print_count        integer      NOT NULL DEFAULT 0,
    redeemed_at        timestamptz,
    redeemed_by        varchar(64),
    redeemed_location  varchar(100),
    redeemed_offline   boolean,
    closed_at          timestamptz,
    closed_by          varchar(64),
    close_reason       text,
    CHECK (state <> 'REDEEMED' OR (redeemed_at IS NOT NULL AND redeemed_by IS NOT NULL))
);
-- an installment has at most one voucher that can still be paid or was paid: nothing is paid twice
CREATE UNIQUE INDEX voucher_one_per_installment ON voucher (installment_id) WHERE state IN ('ISSUED', 'REDEEMED');
CREATE INDEX voucher_list ON voucher (list_id, number, location);
CREATE INDEX voucher_issued_until ON voucher (valid_until) WHERE state = 'ISSUED';

CREATE TABLE voucher_code (
    id           bigserial    PRIMARY KEY,
    voucher_id   bigint       NOT NULL REFERENCES voucher (id),
    code_hash    char(64)     NOT NULL UNIQUE,  -- SHA-256 (hex) of the code's 18 symbols, without hyphens
    code_tail    char(4)      NOT NULL,         -- its last four symbols, for people to tell vouchers apart
    print_no     integer      NOT NULL,         -- 1 for the first print, then 2, 3 … for reprints
    printed_at   timestamptz  NOT NULL,
    printed_by   varchar(64)  NOT NULL,
    voided_at    timestamptz,
    void_reason  varchar(12)  CHECK (void_reason IN ('REPRINT', 'REISSUE', 'CANCELLED')),
    CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
-- one code of a voucher is live at a time
CREATE UNIQUE INDEX voucher_code_one_live ON voucher_code (voucher_id) WHERE voided_at IS NULL;

-- wrong codes per user (field agent) in the current window; a lockout when too many
CREATE TABLE voucher_wrong_code (
    username      varchar(64)  PRIMARY KEY,
    failures      integer      NOT NULL,
    window_start  timestamptz  NOT NULL,
    locked_until  timestamptz
);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
        EXECUTE 'GRANT SELECT, INSERT, UPDATE ON voucher, voucher_code, voucher_wrong_code TO ${appRole}';
        EXECUTE 'GRANT USAGE, SELECT ON SEQUENCE voucher_id_seq, voucher_code_id_seq TO ${appRole}';
    END IF;
END
$$;
