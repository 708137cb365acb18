-- Four eyes wherever money changes hands (issue 13, item 4).
--
-- 1. A list from the inbox is uploaded by the inbox itself (actor 'inbox') and waits, AWAITING_MAKER, until a named
--    finance maker confirms it (confirmed_by): the sidecar file no longer says who the maker is, since whoever can
--    write the folder could name anyone. A list uploaded over HTTP is confirmed by its uploader at once. Four eyes
--    compares the approver with confirmed_by.
-- 2. Above a configured total (disbursement.approval.second-checker-above) a list needs two different checkers: the
--    first approval is APPROVED_ONCE (first_approved_by), the second approves it.
-- 3. Switch to cash, voucher cancel, voucher reissue to another distribution point and the retry of a whole list's
--    failed payouts are proposals (money_proposal): one finance user proposes, another approves (or rejects); the
--    approval carries the change out. proposed_key and decided_key hold the names in canonical form
--    (system.UserNames: NFKC, trimmed, lower-case), so the database refuses an approval by the proposer as well.

-- the ledger's actions grow by the list's new steps and the proposals' (ledger.LedgerAction)
ALTER TABLE ledger_entry DROP CONSTRAINT ledger_entry_action_known;
ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_action_known CHECK (action IN (
    'LIST_UPLOADED', 'LIST_REJECTED', 'LIST_APPROVED', 'BENEFICIARY_PLANNED',
    'INSTALLMENT_RELEASED', 'INSTALLMENT_RELEASED_EARLY',
    'PAYOUT_SUBMITTED', 'PAYOUT_PENDING', 'PAYOUT_UNKNOWN', 'PAYOUT_STILL_OPEN', 'PAYOUT_CONFIRMED', 'PAYOUT_REJECTED',
    'PAYOUT_FAILED', 'PAYOUT_NOT_RECEIVED', 'PAYOUT_RETRY_SCHEDULED', 'PAYOUT_RETRY_REQUESTED',
    'PAYOUT_DUPLICATE_REFERENCE', 'PAYOUT_HELD_PROVIDER_FAULT', 'PAYOUT_MANUAL_REVIEW', 'PAYOUT_MISMATCH',
    'PAYOUT_SETTLED_PAID', 'PAYOUT_SETTLED_NOT_PAID', 'SWITCHED_TO_CASH',
    'VOUCHER_ISSUED', 'VOUCHER_PRINTED', 'VOUCHER_REPRINTED', 'VOUCHER_REDEEMED', 'VOUCHER_CANCELLED',
    'VOUCHER_REISSUED', 'VOUCHER_EXPIRED', 'VOUCHER_USER_LOCKED_OUT',
    'PROVIDER_PAUSED', 'PROVIDER_RESUMED',
    'RECONCILIATION_IMPORTED', 'RECONCILIATION_FLAGGED', 'RECONCILIATION_RESOLVED',
    'PAYOUT_PAID_AFTER_SWITCH', 'CALLBACK_FLAGGED',
    'LIST_CONFIRMED', 'LIST_HELD_FOR_MAKER', 'LIST_APPROVED_ONCE',
    'CHANGE_PROPOSED', 'CHANGE_APPROVED', 'CHANGE_REJECTED', 'CHANGE_EXPIRED', 'CHANGE_FAILED')) NOT VALID;

ALTER TABLE payment_list
    ADD COLUMN confirmed_by      varchar(64),   -- the finance maker answerable for the list (the uploader over HTTP)
    ADD COLUMN confirmed_at      timestamptz,
    ADD COLUMN first_approved_by varchar(64),   -- the first of two checkers, for a list above the two-checker total
    ADD COLUMN first_approved_at timestamptz;

ALTER TABLE payment_list DROP CONSTRAINT payment_list_status_check;
ALTER TABLE payment_list ADD CONSTRAINT payment_list_status_known CHECK (status IN (
    'AWAITING_MAKER', 'PENDING_APPROVAL', 'APPROVED_ONCE', 'APPROVED', 'REJECTED'));

-- Lists uploaded over HTTP, and every list already decided, were made by their uploader.
UPDATE payment_list SET confirmed_by = uploaded_by, confirmed_at = uploaded_at
WHERE NOT (source = 'INBOX' AND status = 'PENDING_APPROVAL');

-- An inbox list still waiting for approval named its maker in its sidecar, which is no longer trusted: it waits for a
-- finance maker to confirm it, and the ledger says why.
WITH held AS (
    UPDATE payment_list SET status = 'AWAITING_MAKER'
    WHERE source = 'INBOX' AND status = 'PENDING_APPROVAL'
    RETURNING id, total_minor, currency, uploaded_by
)
INSERT INTO ledger_entry (occurred_at, actor, action, list_id, amount_minor, currency, from_state, to_state, detail)
SELECT now(), 'migration', 'LIST_HELD_FOR_MAKER', id, total_minor, currency, 'PENDING_APPROVAL', 'AWAITING_MAKER',
       'the inbox sidecar named ' || uploaded_by || ' as its maker, which is no longer trusted: a finance maker must'
       || ' confirm the list before a checker may approve it'
FROM held ORDER BY id;

-- One change of money that one finance user proposes and another approves or rejects.
CREATE TABLE money_proposal (
    id              bigserial    PRIMARY KEY,
    kind            varchar(16)  NOT NULL CHECK (kind IN ('SWITCH_TO_CASH', 'VOUCHER_REISSUE', 'VOUCHER_CANCEL', 'LIST_RETRY')),
    list_id         bigint       NOT NULL REFERENCES payment_list (id),
    installment_id  bigint       REFERENCES installment (id),   -- SWITCH_TO_CASH, and the voucher's installment
    voucher_id      bigint       REFERENCES voucher (id),       -- VOUCHER_REISSUE, VOUCHER_CANCEL
    location        varchar(100),                               -- where the cash is to be handed over
    reason          text,
    status          varchar(10)  NOT NULL CHECK (status IN ('PROPOSED', 'APPROVED', 'REJECTED', 'EXPIRED', 'FAILED')),
    proposed_by     varchar(64)  NOT NULL,
    proposed_key    text         NOT NULL,  -- proposed_by in canonical form
    proposed_at     timestamptz  NOT NULL,
    decided_by      varchar(64),
    decided_key     text,                   -- decided_by in canonical form
    decided_at      timestamptz,
    decision_note   text,                   -- why rejected, or why carrying it out was refused (FAILED)
    outcome         text,                   -- what carrying it out did
    CHECK (kind <> 'SWITCH_TO_CASH' OR (installment_id IS NOT NULL AND voucher_id IS NULL)),
    CHECK (kind NOT IN ('VOUCHER_REISSUE', 'VOUCHER_CANCEL') OR (installment_id IS NOT NULL AND voucher_id IS NOT NULL)),
    CHECK (kind <> 'LIST_RETRY' OR (installment_id IS NULL AND voucher_id IS NULL)),
    CHECK ((status = 'PROPOSED') = (decided_at IS NULL)),
    -- four eyes in the database too: whoever approved it (APPROVED, or FAILED when carrying it out was refused) is
    -- not who proposed it
    CHECK (status NOT IN ('APPROVED', 'FAILED') OR decided_key <> proposed_key)
);
-- one open proposal per target: a second would be approved twice
CREATE UNIQUE INDEX money_proposal_open_installment ON money_proposal (installment_id)
    WHERE status = 'PROPOSED' AND kind = 'SWITCH_TO_CASH';
CREATE UNIQUE INDEX money_proposal_open_voucher ON money_proposal (voucher_id) WHERE status = 'PROPOSED';
CREATE UNIQUE INDEX money_proposal_open_list_retry ON money_proposal (list_id)
    WHERE status = 'PROPOSED' AND kind = 'LIST_RETRY';
CREATE INDEX money_proposal_open ON money_proposal (proposed_at) WHERE status = 'PROPOSED';
CREATE INDEX money_proposal_list ON money_proposal (list_id, id);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
        EXECUTE 'GRANT SELECT, INSERT, UPDATE ON money_proposal TO ${appRole}';
        EXECUTE 'GRANT USAGE, SELECT ON SEQUENCE money_proposal_id_seq TO ${appRole}';
    END IF;
END
$$;
