-- Provider truth: references an installment was sent under before the provider held them as failed for good (MTN's
-- FAILED), so a late callback or statement line under an old reference still finds its installment; and who paused a
-- provider (ops, or the gateway itself after an account fault).

CREATE TABLE installment_reference (
    reference           uuid         PRIMARY KEY,
    installment_id      bigint       NOT NULL,
    used_until_attempt  integer      NOT NULL,
    retired_at          timestamptz  NOT NULL
);
CREATE INDEX installment_reference_of ON installment_reference (installment_id);

ALTER TABLE provider_control
    ADD COLUMN fault_code varchar(64);  -- set when the gateway paused the provider for an account fault

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
        EXECUTE 'GRANT SELECT, INSERT ON installment_reference TO ${appRole}';
    END IF;
END
$$;
