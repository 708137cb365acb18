-- One owner of installment state and its history: the database itself.
--
-- Every UPDATE that changes an installment's state, channel or provider reference names, in the same statement, the
-- ledger action, the actor and the detail of that change (change_action, change_actor, change_detail). A row trigger
-- checks they are there and moves them to last_action/last_actor/last_detail (so the change_ columns are NULL at rest
-- and the next change cannot reuse them by forgetting to set its own); a statement trigger then writes one ledger
-- entry per changed row from the transition tables, set-based (a release of 100,000 installments is one INSERT).
-- A change that names no action is refused: a state change without its ledger row is impossible, not just untested.
-- The installment's facts (list, beneficiary, number, amount, currency) never change once planned, and installments
-- are never deleted.

ALTER TABLE installment
    ADD COLUMN change_actor  varchar(64),
    ADD COLUMN change_action varchar(40),
    ADD COLUMN change_detail text,
    ADD COLUMN last_actor    varchar(64),
    ADD COLUMN last_action   varchar(40),
    ADD COLUMN last_detail   text,
    ADD COLUMN change_no     integer NOT NULL DEFAULT 0;

CREATE FUNCTION installment_change_named() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.list_id <> OLD.list_id OR NEW.beneficiary_ref <> OLD.beneficiary_ref OR NEW.number <> OLD.number
       OR NEW.amount_minor <> OLD.amount_minor OR NEW.currency <> OLD.currency THEN
        RAISE EXCEPTION 'installment %: its list, beneficiary, number, amount and currency are fixed once planned', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.change_action IS NULL OR NEW.change_actor IS NULL THEN
        RAISE EXCEPTION 'installment % changed (% to %) without naming its ledger action and actor', OLD.id, OLD.state, NEW.state
            USING ERRCODE = 'integrity_constraint_violation',
                  HINT = 'set change_action, change_actor and change_detail in the same UPDATE (see installments.Moves)';
    END IF;
    NEW.last_actor := NEW.change_actor;
    NEW.last_action := NEW.change_action;
    NEW.last_detail := NEW.change_detail;
    NEW.change_actor := NULL;
    NEW.change_action := NULL;
    NEW.change_detail := NULL;
    NEW.change_no := OLD.change_no + 1;
    RETURN NEW;
END
$$;

-- only rows whose state, channel, reference or facts change, or that name a change, reach the function (the WHEN
-- clause is evaluated without it): a lease of the next attempt time costs nothing here
CREATE TRIGGER installment_change_named BEFORE UPDATE ON installment FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.channel IS DISTINCT FROM NEW.channel
          OR OLD.provider_reference IS DISTINCT FROM NEW.provider_reference
          OR NEW.change_action IS NOT NULL OR NEW.change_actor IS NOT NULL OR NEW.change_detail IS NOT NULL
          OR OLD.last_action IS DISTINCT FROM NEW.last_action OR OLD.last_actor IS DISTINCT FROM NEW.last_actor
          OR OLD.last_detail IS DISTINCT FROM NEW.last_detail OR OLD.change_no IS DISTINCT FROM NEW.change_no
          OR OLD.list_id IS DISTINCT FROM NEW.list_id OR OLD.beneficiary_ref IS DISTINCT FROM NEW.beneficiary_ref
          OR OLD.number IS DISTINCT FROM NEW.number OR OLD.amount_minor IS DISTINCT FROM NEW.amount_minor
          OR OLD.currency IS DISTINCT FROM NEW.currency)
    EXECUTE FUNCTION installment_change_named();

CREATE FUNCTION installment_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_entry (occurred_at, actor, action, list_id, installment_id, beneficiary_id, amount_minor,
                              currency, from_state, to_state, reference, detail)
    SELECT n.updated_at, n.last_actor, n.last_action, n.list_id, n.id, b.beneficiary_id, n.amount_minor, n.currency,
           o.state, n.state, n.provider_reference::text, left(n.last_detail, 2000)
    FROM changed_new n
    JOIN changed_old o ON o.id = n.id AND o.change_no <> n.change_no
    JOIN beneficiary b ON b.id = n.beneficiary_ref
    ORDER BY n.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER installment_history AFTER UPDATE ON installment
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION installment_history();

CREATE FUNCTION installment_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'installments are never deleted: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER installment_no_delete BEFORE DELETE ON installment
    FOR EACH ROW EXECUTE FUNCTION installment_refuse_delete();
CREATE TRIGGER installment_no_truncate BEFORE TRUNCATE ON installment
    FOR EACH STATEMENT EXECUTE FUNCTION installment_refuse_delete();

-- the states (installments.InstallmentState) and ledger actions (ledger.LedgerAction) are closed lists; LedgerActionsTest
-- keeps these constraints and the Java enums equal
ALTER TABLE installment ADD CONSTRAINT installment_state_known CHECK (state IN (
    'PLANNED', 'READY', 'SUBMITTED', 'UNKNOWN', 'PENDING', 'CONFIRMED', 'FAILED', 'MANUAL_REVIEW', 'CANCELLED', 'EXPIRED'));

-- NOT VALID: the constraint holds for every entry from now on; entries already written are history and stay as they
-- are (the ledger refuses UPDATE), whatever an earlier version called them
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
    'RECONCILIATION_IMPORTED', 'RECONCILIATION_FLAGGED', 'RECONCILIATION_RESOLVED')) NOT VALID;
-- an entry about an installment's state names installment states
ALTER TABLE ledger_entry ADD CONSTRAINT ledger_entry_installment_states_known CHECK (
    installment_id IS NULL OR action IN ('RECONCILIATION_FLAGGED', 'RECONCILIATION_RESOLVED')
    OR ((from_state IS NULL OR from_state IN ('PLANNED', 'READY', 'SUBMITTED', 'UNKNOWN', 'PENDING', 'CONFIRMED',
                                              'FAILED', 'MANUAL_REVIEW', 'CANCELLED', 'EXPIRED'))
        AND (to_state IS NULL OR to_state IN ('PLANNED', 'READY', 'SUBMITTED', 'UNKNOWN', 'PENDING', 'CONFIRMED',
                                              'FAILED', 'MANUAL_REVIEW', 'CANCELLED', 'EXPIRED')))) NOT VALID;
