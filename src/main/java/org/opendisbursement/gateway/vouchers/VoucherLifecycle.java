package org.opendisbursement.gateway.vouchers;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.opendisbursement.gateway.dispatch.PaidAfterSwitch;
import org.opendisbursement.gateway.installments.InstallmentState;
import org.opendisbursement.gateway.installments.Move;
import org.opendisbursement.gateway.installments.Moves;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.intake.StateConflictException;
import org.opendisbursement.gateway.ledger.Ledger;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.ledger.LedgerEntry;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A finance checker's hand on an unpaid voucher. Cancel: the voucher and its code are void and the installment
 * PENDING → CANCELLED (VOUCHER_CANCELLED). Reissue: the voucher and its code are void and a new voucher for the same
 * installment takes its place, valid afresh from today, optionally at another distribution point (VOUCHER_REISSUED);
 * it gets its code when printed with its distribution point's sheet, marked REISSUE.
 */
@Service
public class VoucherLifecycle {

    public record Reissued(long voucherId, long replaces, String location, LocalDate validThrough) {
    }

    private record Open(long id, long installmentId, long listId, int number, String beneficiaryId, long amountMinor,
                        String currency, String location, String state, String reference) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Moves moves;
    private final Ledger ledger;
    private final Clock clock;
    private final VouchersProperties settings;

    VoucherLifecycle(NamedParameterJdbcTemplate jdbc, Moves moves, Ledger ledger, Clock clock, VouchersProperties settings) {
        this.jdbc = jdbc;
        this.moves = moves;
        this.ledger = ledger;
        this.clock = clock;
        this.settings = settings;
    }

    @Transactional
    public void cancel(long voucherId, String reason, String actor) {
        Open voucher = lockOpen(voucherId, "cancelled");
        Instant now = clock.instant();
        close(voucher, "CANCELLED", reason, actor, now);
        int moved = moves.apply(List.of(Move.of(voucher.installmentId())
                .from(InstallmentState.PENDING).to(InstallmentState.CANCELLED).failureCode("VOUCHER_CANCELLED")
                .reason(reason).action(LedgerAction.VOUCHER_CANCELLED)
                .detail("cash voucher " + voucherId + " at " + voucher.location() + " cancelled by " + actor + ": "
                        + reason)
                .build()), actor, now);
        if (moved != 1) {
            throw new StateConflictException("the installment of voucher " + voucherId + " is no longer waiting for cash");
        }
    }

    @Transactional
    public Reissued reissue(long voucherId, String reason, String location, String actor) {
        Open voucher = lockOpen(voucherId, "reissued");
        Instant now = clock.instant();
        String point = location == null || location.isBlank() ? voucher.location() : location.strip().replaceAll("\\s+", " ");
        close(voucher, "VOID", reason, actor, now);
        ZoneId zone = clock.getZone();
        LocalDate lastDay = LocalDate.ofInstant(now, zone).plus(settings.validFor());
        Instant validUntil = lastDay.plusDays(1).atStartOfDay(zone).toInstant();
        Long replacement = jdbc.queryForObject("""
                INSERT INTO voucher (installment_id, list_id, beneficiary_ref, number, amount_minor, currency, location,
                                     state, issued_at, issued_by, valid_until, replaces)
                SELECT installment_id, list_id, beneficiary_ref, number, amount_minor, currency, :location,
                       'ISSUED', :now, :actor, :validUntil, id
                FROM voucher WHERE id = :id RETURNING id""", new MapSqlParameterSource().addValue("id", voucherId)
                .addValue("location", point).addValue("now", Timestamp.from(now)).addValue("actor", actor)
                .addValue("validUntil", Timestamp.from(validUntil)), Long.class);
        ledger.append(LedgerEntry.at(now)
                .by(actor).action(LedgerAction.VOUCHER_REISSUED).list(voucher.listId()).installment(voucher.installmentId())
                .beneficiary(voucher.beneficiaryId()).amount(voucher.amountMinor(), voucher.currency())
                .reference(voucher.reference())
                .detail("cash voucher " + voucherId + " void, replaced by voucher " + replacement + " at " + point
                        + ", valid through " + lastDay + ": " + reason)
                .build());
        return new Reissued(replacement, voucherId, point, lastDay);
    }

    /**
     * The installment of a cash voucher was paid by its wallet payout after all (see {@link WalletPaidAfterSwitch}):
     * an unredeemed voucher is cancelled and the installment CONFIRMED with the provider's transaction; one not yet
     * issued (READY) is CONFIRMED directly. Anything else (redeemed, expired) is left to the ledger's flag.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void settleByWallet(PaidAfterSwitch paid, Instant now) {
        String why = "paid by " + paid.provider() + " wallet payout" + (paid.providerTransactionId() == null ? ""
                : " (transaction " + paid.providerTransactionId() + ")") + " after its switch to cash";
        List<Long> open = jdbc.queryForList("SELECT id FROM voucher WHERE installment_id = :id AND state = 'ISSUED' FOR UPDATE",
                Map.of("id", paid.installmentId()), Long.class);
        InstallmentState from = InstallmentState.READY;
        if (!open.isEmpty()) {
            Open voucher = lockOpen(open.get(0), "cancelled");
            close(voucher, "CANCELLED", why, paid.actor(), now);
            from = InstallmentState.PENDING;
        }
        moves.apply(List.of(Move.of(paid.installmentId()).from(from).to(InstallmentState.CONFIRMED)
                .transaction(paid.providerTransactionId()).action(LedgerAction.PAYOUT_CONFIRMED)
                .detail(open.isEmpty() ? why : "cash voucher " + open.get(0) + " cancelled: " + why).build()),
                paid.actor(), now);
    }

    private Open lockOpen(long voucherId, String what) {
        List<Open> found = jdbc.query("""
                SELECT v.id, v.installment_id, v.list_id, v.number, b.beneficiary_id, v.amount_minor, v.currency, v.location,
                       v.state, i.provider_reference::text AS reference
                FROM voucher v JOIN beneficiary b ON b.id = v.beneficiary_ref JOIN installment i ON i.id = v.installment_id
                WHERE v.id = :id FOR UPDATE OF v""", Map.of("id", voucherId), (rs, n) -> new Open(rs.getLong("id"),
                rs.getLong("installment_id"), rs.getLong("list_id"), rs.getInt("number"), rs.getString("beneficiary_id"),
                rs.getLong("amount_minor"), rs.getString("currency").strip(), rs.getString("location"), rs.getString("state"),
                rs.getString("reference")));
        if (found.isEmpty()) {
            throw new ListNotFoundException("no voucher " + voucherId);
        }
        Open voucher = found.get(0);
        if (!"ISSUED".equals(voucher.state())) {
            throw new StateConflictException("voucher " + voucherId + " is " + voucher.state()
                    + "; only an unpaid voucher (ISSUED) can be " + what);
        }
        return voucher;
    }

    private void close(Open voucher, String state, String reason, String actor, Instant now) {
        var parameters = new MapSqlParameterSource().addValue("id", voucher.id()).addValue("state", state)
                .addValue("reason", reason).addValue("actor", actor).addValue("now", Timestamp.from(now))
                .addValue("voidReason", "VOID".equals(state) ? "REISSUE" : "CANCELLED");
        jdbc.update("""
                UPDATE voucher SET state = :state, closed_at = :now, closed_by = :actor, close_reason = :reason
                WHERE id = :id""", parameters);
        jdbc.update("""
                UPDATE voucher_code SET voided_at = :now, void_reason = :voidReason
                WHERE voucher_id = :id AND voided_at IS NULL""", parameters);
    }
}
