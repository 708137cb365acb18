package org.opendisbursement.gateway.proposals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendisbursement.gateway.dispatch.FailedPayouts;
import org.opendisbursement.gateway.installments.ApprovalProperties;
import org.opendisbursement.gateway.intake.FourEyesViolationException;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.intake.StateConflictException;
import org.opendisbursement.gateway.ledger.Ledger;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.ledger.LedgerEntry;
import org.opendisbursement.gateway.system.UserNames;
import org.opendisbursement.gateway.vouchers.Redemptions;
import org.opendisbursement.gateway.vouchers.VoucherLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Four eyes wherever money changes hands after approval of a list: a switch to cash, a voucher cancelled, a voucher
 * reissued at another distribution point, and a retry of a list's failed payouts are proposed by one finance user
 * and carried out only when another approves them ({@link ProposalRule}). Each step is a ledger entry
 * (CHANGE_PROPOSED, CHANGE_APPROVED, CHANGE_REJECTED, CHANGE_EXPIRED, CHANGE_FAILED), beside the entries of the
 * change itself, made under the approver's name by the services that own it ({@link FailedPayouts},
 * {@link VoucherLifecycle}).
 *
 * <p>A proposal is checked when made for what would refuse it anyway (a payout that is not FAILED, a voucher already
 * paid, no distribution point …), and again when carried out. The voucher changes and the retry are carried out in
 * the approval's own transaction: approved and done, or neither. A switch to cash asks the provider first, outside any
 * transaction, so its approval commits first, then the switch runs; if the switch is refused (the provider reports
 * the payout paid, or cannot say it has not), the proposal is FAILED with the reason. An open proposal lapses after
 * {@code disbursement.approval.proposals-expire-after}.
 */
@Service
public class Proposals {

    private static final Logger log = LoggerFactory.getLogger(Proposals.class);

    /** A refusal of the change itself, as opposed to of the approval: the proposal is then FAILED. */
    private static final class CarryingOutRefused extends RuntimeException {
        private final RuntimeException refusal;

        CarryingOutRefused(RuntimeException refusal) {
            super(refusal.getMessage(), refusal, false, false);
            this.refusal = refusal;
        }
    }

    private final ProposalStore store;
    private final FailedPayouts failedPayouts;
    private final VoucherLifecycle vouchers;
    private final NamedParameterJdbcTemplate jdbc;
    private final Ledger ledger;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration expireAfter;

    Proposals(ProposalStore store, FailedPayouts failedPayouts, VoucherLifecycle vouchers, NamedParameterJdbcTemplate jdbc,
              Ledger ledger, TransactionTemplate transaction, Clock clock, ApprovalProperties approval) {
        this.store = store;
        this.failedPayouts = failedPayouts;
        this.vouchers = vouchers;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.transaction = transaction;
        this.clock = clock;
        this.expireAfter = approval.proposalsExpireAfter();
    }

    // ---- proposing

    /** Proposes paying a FAILED wallet payout in cash at {@code location} (or the beneficiary's distribution point). */
    public Proposal proposeSwitchToCash(long installmentId, String location, String actor) {
        String point = failedPayouts.checkSwitchToCash(installmentId, location);
        long listId = jdbc.queryForObject("SELECT list_id FROM installment WHERE id = :id", Map.of("id", installmentId),
                Long.class);
        return propose(ProposalKind.SWITCH_TO_CASH, listId, installmentId, null, point, null, actor);
    }

    /** Proposes sending every FAILED wallet payout of the list again. */
    public Proposal proposeRetry(long listId, String actor) {
        Long failed = jdbc.query("""
                SELECT (SELECT count(*) FROM installment WHERE list_id = l.id AND state = 'FAILED' AND channel <> 'CASH')
                FROM payment_list l WHERE l.id = :id""", Map.of("id", listId), rs -> rs.next() ? rs.getLong(1) : null);
        if (failed == null) {
            throw new ListNotFoundException("no payment list " + listId);
        }
        if (failed == 0) {
            throw new StateConflictException("list " + listId + " has no failed wallet payment to send again");
        }
        return propose(ProposalKind.LIST_RETRY, listId, null, null, null, null, actor);
    }

    /** Proposes cancelling an unpaid voucher: its installment is not paid. */
    public Proposal proposeCancel(long voucherId, String reason, String actor) {
        OpenVoucher voucher = openVoucher(voucherId, "cancelled");
        return propose(ProposalKind.VOUCHER_CANCEL, voucher.listId(), voucher.installmentId(), voucherId, null,
                required(reason), actor);
    }

    /**
     * Whether reissuing the voucher at {@code location} would move its cash to another distribution point; a
     * reissue at the same point (a lost sheet, a torn voucher) moves no money to a new place and stays one finance
     * checker's, like a reprint.
     */
    public boolean reissueMovesElsewhere(long voucherId, String location) {
        OpenVoucher voucher = openVoucher(voucherId, "reissued");
        return location != null && !location.isBlank() && !Redemptions.samePlace(location, voucher.location());
    }

    /** Proposes reissuing an unpaid voucher at {@code location} (another distribution point, or the same one). */
    public Proposal proposeReissue(long voucherId, String reason, String location, String actor) {
        OpenVoucher voucher = openVoucher(voucherId, "reissued");
        String point = location == null || location.isBlank() ? voucher.location() : location.strip().replaceAll("\\s+", " ");
        return propose(ProposalKind.VOUCHER_REISSUE, voucher.listId(), voucher.installmentId(), voucherId, point,
                required(reason), actor);
    }

    private Proposal propose(ProposalKind kind, long listId, Long installmentId, Long voucherId, String location,
                             String reason, String actor) {
        expireLapsed();
        try {
            Proposal proposal = transaction.execute(tx -> {
                Instant now = clock.instant();
                long id = store.insert(kind, listId, installmentId, voucherId, location, reason, actor, now);
                Proposal made = view(id);
                ledger.append(entry(made, now, actor, LedgerAction.CHANGE_PROPOSED, "proposed by " + actor + ": "
                        + made.summary() + (reason == null ? "" : "; reason: " + reason)
                        + "; another finance checker must approve it"));
                return made;
            });
            log.info("proposal {} by {}: {}", proposal.id(), actor, proposal.summary());
            return proposal;
        } catch (DuplicateKeyException raced) {
            Long open = store.openFor(kind, listId, installmentId, voucherId).orElse(null);
            throw new StateConflictException("this change is proposed already" + (open == null ? "" : " (proposal "
                    + open + ")") + ", waiting for a finance checker; approve or reject that one");
        }
    }

    // ---- deciding

    /**
     * A second finance user approves a proposal, and the change is carried out under her name. Refused (403) for the
     * proposer; 409 when it is decided already, lapsed, or carrying it out was refused (the proposal is then FAILED,
     * with the reason).
     */
    public Proposal approve(long id, String actor) {
        expireLapsed();
        ProposalKind kind = view(id).kind();
        if (kind == ProposalKind.SWITCH_TO_CASH) {
            ProposalStore.Row approved = transaction.execute(tx -> claim(id, actor));
            try {
                store.outcome(id, carryOut(approved, actor));
            } catch (RuntimeException refused) {
                // the approval is committed: whatever stopped the switch, the proposal says it was not carried out
                transaction.executeWithoutResult(tx -> failed(id, ProposalStatus.APPROVED, actor,
                        String.valueOf(refused.getMessage())));
                throw refused;
            }
            return view(id);
        }
        try {
            return transaction.execute(tx -> {
                ProposalStore.Row approved = claim(id, actor);
                String outcome;
                try {
                    outcome = carryOut(approved, actor);
                } catch (StateConflictException | ListNotFoundException refused) {
                    throw new CarryingOutRefused(refused);
                }
                store.outcome(id, outcome);
                return view(id);
            });
        } catch (CarryingOutRefused e) {
            transaction.executeWithoutResult(tx -> failed(id, ProposalStatus.PROPOSED, actor, e.getMessage()));
            throw e.refusal;
        }
    }

    /** A finance checker rejects a proposal with a reason (its proposer may so withdraw it). */
    public Proposal reject(long id, String reason, String actor) {
        String why = required(reason);
        expireLapsed();
        return transaction.execute(tx -> {
            ProposalStore.Row row = lock(id);
            Instant now = clock.instant();
            ProposalRule.Verdict verdict = ProposalRule.reject(id, row.status(), row.proposedAt(), now, expireAfter);
            refuseUnless(verdict, id);
            store.decide(id, ProposalStatus.PROPOSED, ProposalStatus.REJECTED, actor, now, why);
            Proposal rejected = view(id);
            ledger.append(entry(rejected, now, actor, LedgerAction.CHANGE_REJECTED, (UserNames.samePerson(actor,
                    row.proposedBy()) ? "withdrawn by its proposer " : "rejected by ") + actor + ": "
                    + rejected.summary() + "; reason: " + why));
            return rejected;
        });
    }

    /** Locks a proposal, checks the approver may approve it now, and records the approval. */
    private ProposalStore.Row claim(long id, String actor) {
        ProposalStore.Row row = lock(id);
        Instant now = clock.instant();
        refuseUnless(ProposalRule.approve(id, row.status(), row.proposedBy(), row.proposedAt(), actor, now, expireAfter), id);
        store.decide(id, ProposalStatus.PROPOSED, ProposalStatus.APPROVED, actor, now, null);
        Proposal approved = view(id);
        ledger.append(entry(approved, now, actor, LedgerAction.CHANGE_APPROVED, "approved by " + actor + ", proposed by "
                + row.proposedBy() + ": " + approved.summary()));
        return row;
    }

    private static void refuseUnless(ProposalRule.Verdict verdict, long id) {
        if (verdict instanceof ProposalRule.FourEyes fourEyes) {
            throw new FourEyesViolationException(fourEyes.why());
        } else if (verdict instanceof ProposalRule.Closed closed) {
            throw new StateConflictException(closed.why());
        } else if (verdict instanceof ProposalRule.Lapsed) {
            throw new StateConflictException("proposal " + id + " waited too long and lapsed; propose it again");
        }
    }

    /** The change itself, under the approver's name; what it did. */
    private String carryOut(ProposalStore.Row p, String approver) {
        String why = p.reason() == null ? null : p.reason() + " (proposal " + p.id() + " by " + p.proposedBy() + ")";
        return switch (p.kind()) {
            case SWITCH_TO_CASH -> {
                failedPayouts.switchToCash(p.installmentId(), p.location(), approver);
                yield "switched to cash at " + p.location() + "; it waits for its voucher";
            }
            case LIST_RETRY -> failedPayouts.retryFailed(p.listId(), approver)
                    + " failed wallet payments will be sent again under their references";
            case VOUCHER_CANCEL -> {
                vouchers.cancel(p.voucherId(), why, approver);
                yield "voucher " + p.voucherId() + " cancelled; its installment is CANCELLED";
            }
            case VOUCHER_REISSUE -> {
                VoucherLifecycle.Reissued reissued = vouchers.reissue(p.voucherId(), why, p.location(), approver);
                yield "voucher " + p.voucherId() + " void, replaced by voucher " + reissued.voucherId() + " at "
                        + reissued.location() + ", valid through " + reissued.validThrough();
            }
        };
    }

    /** Carrying out an approved change was refused: the proposal is FAILED with the reason (if still as expected). */
    private void failed(long id, ProposalStatus expected, String actor, String reason) {
        ProposalStore.Row row = lock(id);
        if (row.status() != expected || (expected == ProposalStatus.APPROVED && !actor.equals(row.decidedBy()))) {
            return;  // decided meanwhile by someone else: theirs stands
        }
        Instant now = clock.instant();
        store.decide(id, expected, ProposalStatus.FAILED, actor, now, reason);
        Proposal failed = view(id);
        ledger.append(entry(failed, now, actor, LedgerAction.CHANGE_FAILED, "approved by " + actor + ", but not carried"
                + " out: " + failed.summary() + "; " + reason));
        log.info("proposal {} approved by {} but not carried out: {}", id, actor, reason);
    }

    /** Open proposals older than they may be lapse (CHANGE_EXPIRED), so none is approved after its time. */
    void expireLapsed() {
        transaction.executeWithoutResult(tx -> {
            Instant now = clock.instant();
            for (long id : store.lapsedBefore(now.minus(expireAfter))) {
                store.decide(id, ProposalStatus.PROPOSED, ProposalStatus.EXPIRED, "gateway", now,
                        "nobody decided on it within " + expireAfter.toDays() + " days");
                Proposal lapsed = view(id);
                ledger.append(entry(lapsed, now, "gateway", LedgerAction.CHANGE_EXPIRED, "lapsed undecided after "
                        + expireAfter.toDays() + " days: " + lapsed.summary() + ", proposed by " + lapsed.proposedBy()));
            }
        });
    }

    // ---- reading

    public Optional<Proposal> find(long id) {
        return store.view(id, expireAfter);
    }

    /** Proposals newest first, of a status (PROPOSED: the open ones not lapsed) and a list when given. */
    public List<Proposal> find(ProposalStatus status, Long listId, int limit) {
        return store.views(status, listId, Math.max(1, Math.min(limit, 500)), clock.instant(), expireAfter);
    }

    private Proposal view(long id) {
        return store.view(id, expireAfter).orElseThrow(() -> new ListNotFoundException("no proposal " + id));
    }

    private ProposalStore.Row lock(long id) {
        return store.lock(id).orElseThrow(() -> new ListNotFoundException("no proposal " + id));
    }

    private record OpenVoucher(long listId, long installmentId, String location) {
    }

    private OpenVoucher openVoucher(long voucherId, String what) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT state, list_id, installment_id, location FROM voucher WHERE id = :id",
                new MapSqlParameterSource("id", voucherId));
        if (rows.isEmpty()) {
            throw new ListNotFoundException("no voucher " + voucherId);
        }
        Map<String, Object> row = rows.get(0);
        if (!"ISSUED".equals(row.get("state"))) {
            throw new StateConflictException("voucher " + voucherId + " is " + row.get("state")
                    + "; only an unpaid voucher (ISSUED) can be " + what);
        }
        return new OpenVoucher(((Number) row.get("list_id")).longValue(), ((Number) row.get("installment_id")).longValue(),
                (String) row.get("location"));
    }

    private static String required(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new StateConflictException("say why: a reason is required");
        }
        return reason.strip();
    }

    private static LedgerEntry entry(Proposal p, Instant now, String actor, LedgerAction action, String detail) {
        return LedgerEntry.at(now).by(actor).action(action).list(p.listId()).installment(p.installmentId())
                .beneficiary(p.beneficiaryId()).amount(p.amountMinor(), p.currency())
                .detail("proposal " + p.id() + " (" + p.kind() + "): " + detail).build();
    }
}
