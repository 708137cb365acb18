-- Dispatch: what the providers said, and the operators' hand on each provider.

ALTER TABLE installment
    ADD COLUMN provider_txn_id varchar(100),
    ADD COLUMN failure_code    varchar(64),
    ADD COLUMN submitted_at    timestamptz,
    ADD COLUMN checks          integer NOT NULL DEFAULT 0;

-- READY installments of one channel in the order they may go
CREATE INDEX installment_ready_channel ON installment (channel, next_attempt_at) WHERE state = 'READY';
-- installments waiting for a status query or a callback (SUBMITTED after a crash, UNKNOWN, PENDING)
CREATE INDEX installment_awaiting ON installment (channel, next_attempt_at) WHERE state IN ('SUBMITTED', 'UNKNOWN', 'PENDING');
-- FAILED and MANUAL_REVIEW per list, for retry-failed and the ops queue
CREATE INDEX installment_attention ON installment (list_id, state) WHERE state IN ('FAILED', 'MANUAL_REVIEW');

CREATE TABLE provider_control (
    name        varchar(20)  PRIMARY KEY,
    paused      boolean      NOT NULL,
    changed_by  varchar(64)  NOT NULL,
    changed_at  timestamptz  NOT NULL,
    reason      text
);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
        EXECUTE 'GRANT SELECT, INSERT, UPDATE ON provider_control TO ${appRole}';
    END IF;
END
$$;
