-- One pace per provider account, shared by every gateway instance on this database (issue 15).
-- provider_pace (owned by dispatch): next_slot is the provider's next free send time (GCRA's theoretical arrival
-- time). A claim locks the row, counts the provider's payouts in flight, takes at most what fits in the pace window,
-- gives each claimed payout its own slot (next_slot, next_slot + 1/rate, …) and moves next_slot past them, in the
-- same transaction as the installment claim. The sending thread waits for its slot, so the provider sees every
-- instance's payouts evenly spaced.
CREATE TABLE provider_pace (
    provider   varchar(20) PRIMARY KEY,
    next_slot  timestamptz NOT NULL
);

-- Dispatch sleeps until there is work: a change that makes an installment something to send (READY) or to ask after
-- (UNKNOWN, PENDING), or brings its next attempt forward, tells every listening instance on channel dispatch_wake,
-- with the earliest due time (epoch milliseconds): 'send <ms>' or 'check <ms>'. A lease (next attempt moved later)
-- and a claim (READY → SUBMITTED) say nothing. NOTIFY is delivered at commit, once per distinct payload.
CREATE FUNCTION installment_dispatch_wake() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    send_at  timestamptz;
    check_at timestamptz;
BEGIN
    SELECT min(n.next_attempt_at) FILTER (WHERE n.state = 'READY'),
           min(n.next_attempt_at) FILTER (WHERE n.state <> 'READY')
    INTO send_at, check_at
    FROM woken_new n JOIN woken_old o ON o.id = n.id
    WHERE n.state IN ('READY', 'UNKNOWN', 'PENDING') AND n.channel <> 'CASH'
      AND (o.state IS DISTINCT FROM n.state OR o.channel IS DISTINCT FROM n.channel
           OR n.next_attempt_at < o.next_attempt_at);
    IF send_at IS NOT NULL THEN
        PERFORM pg_notify('dispatch_wake', 'send ' || floor(extract(epoch FROM send_at) * 1000)::bigint);
    END IF;
    IF check_at IS NOT NULL THEN
        PERFORM pg_notify('dispatch_wake', 'check ' || floor(extract(epoch FROM check_at) * 1000)::bigint);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER installment_dispatch_wake AFTER UPDATE ON installment
    REFERENCING OLD TABLE AS woken_old NEW TABLE AS woken_new
    FOR EACH STATEMENT EXECUTE FUNCTION installment_dispatch_wake();

-- a provider paused or resumed: every instance looks again
CREATE FUNCTION provider_control_wake() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('dispatch_wake', 'provider');
    RETURN NULL;
END
$$;

CREATE TRIGGER provider_control_wake AFTER INSERT OR UPDATE ON provider_control
    FOR EACH STATEMENT EXECUTE FUNCTION provider_control_wake();

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
        EXECUTE 'GRANT SELECT, INSERT, UPDATE ON provider_pace TO ${appRole}';
    END IF;
END
$$;
