package org.opendisbursement.gateway.dispatch;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.opendisbursement.gateway.ledger.Ledger;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.ledger.LedgerEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one writer of {@code provider_control}: pauses and resumes, by ops or by the gateway itself when a provider
 * answers with a fault of the gateway's own account there. Every change is a ledger entry in the same transaction;
 * every instance obeys (it reads the table).
 */
@Component
class ProviderPauses {

    /** The actor of a pause the gateway made itself. */
    static final String GATEWAY = "gateway";

    private static final Logger log = LoggerFactory.getLogger(ProviderPauses.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final Ledger ledger;
    private final ProviderGate gate;

    ProviderPauses(NamedParameterJdbcTemplate jdbc, Ledger ledger, ProviderGate gate) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.gate = gate;
    }

    /** Ops pauses or resumes {@code provider}; resuming clears an account fault. */
    @Transactional
    public void set(String provider, boolean paused, String actor, String reason, Instant now) {
        jdbc.update("""
                INSERT INTO provider_control (name, paused, changed_by, changed_at, reason, fault_code)
                VALUES (:name, :paused, :actor, :now, :reason, NULL)
                ON CONFLICT (name) DO UPDATE SET paused = :paused, changed_by = :actor, changed_at = :now,
                                                 reason = :reason, fault_code = NULL
                """, new MapSqlParameterSource().addValue("name", provider).addValue("paused", paused)
                .addValue("actor", actor).addValue("now", Timestamp.from(now)).addValue("reason", reason));
        ledger.append(LedgerEntry.at(now)
                .by(actor).action(paused ? LedgerAction.PROVIDER_PAUSED : LedgerAction.PROVIDER_RESUMED).from(paused ? "RUNNING" : "PAUSED")
                .to(paused ? "PAUSED" : "RUNNING").reference(provider)
                .detail(reason == null ? provider : provider + ": " + reason).build());
        gate.pausesChanged();
    }

    /**
     * Pauses {@code provider} for a fault of the gateway's account there, unless it is paused already (then nothing
     * changes: the first fault's reason stands).
     *
     * @return true when this call paused it
     */
    @Transactional
    public boolean pauseForFault(String provider, PayoutOutcome.AccountFault fault, Instant now) {
        String reason = "paused by the gateway: the " + provider + " account is at fault (" + fault.code() + "): "
                + fault.reason() + ". No payout is sent until ops resumes the provider after fixing it.";
        List<Boolean> changed = jdbc.queryForList("""
                INSERT INTO provider_control (name, paused, changed_by, changed_at, reason, fault_code)
                VALUES (:name, true, :actor, :now, :reason, :code)
                ON CONFLICT (name) DO UPDATE SET paused = true, changed_by = :actor, changed_at = :now,
                                                 reason = :reason, fault_code = :code
                WHERE NOT provider_control.paused
                RETURNING true
                """, new MapSqlParameterSource().addValue("name", provider).addValue("actor", GATEWAY)
                .addValue("now", Timestamp.from(now)).addValue("reason", reason)
                .addValue("code", left(fault.code(), 64)), Boolean.class);
        gate.pausesChanged();
        if (changed.isEmpty()) {
            return false;
        }
        ledger.append(LedgerEntry.at(now)
                .by(GATEWAY).action(LedgerAction.PROVIDER_PAUSED).from("RUNNING").to("PAUSED").reference(provider).detail(reason)
                .build());
        log.warn("{} paused automatically: account fault {} ({})", provider, fault.code(), fault.reason());
        return true;
    }

    private static String left(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }
}
