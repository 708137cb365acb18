-- Evidence the application cannot rewrite (issue 13, item 6).
--
-- Until now the application computed every seal and inserted it (and its sealing round) itself, so its role could
-- insert seals of its own making: seal an entry slipped in below the sealed horizon, file a seal in another list's
-- chain, or record sealing rounds out of turn. From here on the database seals: ledger_seal_next, a SECURITY DEFINER
-- function owned by the schema owner (the role these migrations run as), reads the entries, computes their hashes
-- and writes the seals and the round, and the application's role loses INSERT on ledger_seal and ledger_seal_batch.
-- It may only ask for the next round; what a round seals, and how, is the database's.

-- One link of a hash chain, as an aggregate: ledger_chain_hash(head, canonical) OVER (PARTITION BY chain ORDER BY id)
-- gives each entry's hash, sha256(previous hash || UTF-8 canonical text), the first one linked to the chain's head.
-- (The same recipe as audit.ChainHash and the README's SQL; an auditor may use it to recompute a chain in one query.)
CREATE FUNCTION ledger_chain_step(state bytea, head bytea, canonical text) RETURNS bytea
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN sha256(coalesce(state, head) || convert_to(canonical, 'UTF8'));
END
$$;
CREATE AGGREGATE ledger_chain_hash(bytea, text) (SFUNC = ledger_chain_step, STYPE = bytea);

-- The next sealing round: every entry with sealed horizon < id <= least(target, horizon + max_ids), in the hash
-- chain of its list (0 for entries of no list), in id order, each linked to its chain's last seal (32 zero bytes for
-- a chain's first). Records the round in ledger_seal_batch, contiguous with the one before. Returns how many entries
-- it sealed, or -1 when everything up to target is sealed already. One round at a time (an advisory lock), so
-- several gateway instances may ask at once. The caller picks the target (audit.LedgerSealer: an id below which every
-- writer has ended); a target beyond the ids handed out so far is refused, and a round asked for too early, before a
-- late writer committed, leaves that writer's entry unsealed, which the verifier names (INSERTED): noise, never a
-- hiding place.
CREATE FUNCTION ledger_seal_next(target bigint, max_ids integer) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp SET work_mem = '64MB' AS $$
DECLARE
    horizon bigint;
    upto bigint;
    handed_out bigint;
    sealed bigint;
    chain_count integer;
BEGIN
    PERFORM pg_advisory_xact_lock(5495873993171948357);  -- 0x4c45444745525345, "LEDGERSE", as the sealer before V10
    SELECT coalesce(max(to_id), 0) INTO horizon FROM ledger_seal_batch;
    IF target <= horizon THEN
        RETURN -1;
    END IF;
    handed_out := coalesce(pg_sequence_last_value(pg_get_serial_sequence('public.ledger_entry', 'id')::regclass), 0);
    IF target > handed_out THEN
        RAISE EXCEPTION 'cannot seal up to entry %: no ledger id above % was handed out yet', target, handed_out
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    upto := least(target, horizon + greatest(max_ids, 1));

    WITH entries AS MATERIALIZED (
        SELECT e.id, coalesce(e.list_id, 0) AS chain, ledger_entry_canonical(e) AS canonical
        FROM ledger_entry e
        WHERE e.id > horizon AND e.id <= upto
    ), heads AS MATERIALIZED (
        SELECT c.chain, coalesce((SELECT s.hash FROM ledger_seal s WHERE s.chain = c.chain
                                  ORDER BY s.entry_id DESC LIMIT 1), decode(repeat('00', 32), 'hex')) AS head
        FROM (SELECT DISTINCT chain FROM entries) c
    ), hashed AS (
        SELECT e.id, e.chain, h.head,
               ledger_chain_hash(h.head, e.canonical) OVER (PARTITION BY e.chain ORDER BY e.id) AS hash
        FROM entries e JOIN heads h ON h.chain = e.chain
    ), sealed_now AS (
        INSERT INTO ledger_seal (entry_id, chain, prev_hash, hash, sealed_at)
        SELECT x.id, x.chain, coalesce(lag(x.hash) OVER (PARTITION BY x.chain ORDER BY x.id), x.head), x.hash, now()
        FROM hashed x
        RETURNING chain
    )
    SELECT count(*), count(DISTINCT chain) INTO sealed, chain_count FROM sealed_now;

    INSERT INTO ledger_seal_batch (from_id, to_id, entries, chains, sealed_at)
    VALUES (horizon, upto, sealed, chain_count, now());
    RETURN sealed;
END
$$;

-- Sealing rounds follow each other without gap or overlap: each begins where the last one ended (the function above
-- does so; this holds it for anyone who inserts a round, the owner included, unless they switch triggers off).
CREATE FUNCTION ledger_seal_batch_in_turn() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    last_to bigint;
BEGIN
    SELECT coalesce(max(to_id), 0) INTO last_to FROM ledger_seal_batch;
    IF NEW.from_id <> last_to THEN
        RAISE EXCEPTION 'a sealing round must begin where the last one ended (entry %), not at %', last_to, NEW.from_id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER ledger_seal_batch_in_turn BEFORE INSERT ON ledger_seal_batch
    FOR EACH ROW EXECUTE FUNCTION ledger_seal_batch_in_turn();

-- Who may do what. A SECURITY DEFINER function runs with its owner's rights, so nobody else may create objects it
-- could be misled into using (PostgreSQL before 15 lets PUBLIC create in schema public): its search_path is fixed and
-- the schema's CREATE is taken from PUBLIC (only the schema's owner may; elsewhere that is left to the administrator).
DO $$
BEGIN
    BEGIN
        EXECUTE 'REVOKE CREATE ON SCHEMA public FROM PUBLIC';
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'CREATE on schema public left as it is: revoke it from PUBLIC as the schema''s owner';
    END;
END
$$;
REVOKE ALL ON FUNCTION ledger_seal_next(bigint, integer) FROM PUBLIC;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${appRole}') THEN
        EXECUTE 'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ledger_seal, ledger_seal_batch FROM ${appRole}';
        EXECUTE 'REVOKE USAGE, UPDATE ON SEQUENCE ledger_seal_batch_id_seq FROM ${appRole}';
        EXECUTE 'GRANT EXECUTE ON FUNCTION ledger_seal_next(bigint, integer) TO ${appRole}';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gateway_auditor') THEN
        EXECUTE 'GRANT EXECUTE ON FUNCTION ledger_chain_step(bytea, bytea, text), ledger_chain_hash(bytea, text) TO gateway_auditor';
    END IF;
END
$$;
