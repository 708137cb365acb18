package org.opendisbursement.gateway.installments;

import java.time.Clock;
import java.time.Instant;
import org.opendisbursement.gateway.intake.FourEyesViolationException;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.intake.ListStatus;
import org.opendisbursement.gateway.intake.PaymentList;
import org.opendisbursement.gateway.intake.PaymentLists;
import org.opendisbursement.gateway.intake.StateConflictException;
import org.opendisbursement.gateway.ledger.Ledger;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.ledger.LedgerEntry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The second pair of eyes. A finance maker confirms a list the inbox uploaded as hers (until then nobody may approve
 * it); a checker who is not its maker approves it, and the approval writes its plan of installments in the same
 * transaction, or, for a list above the two-checker total ({@link ApprovalProperties}), records the first of two
 * approvals; or a checker rejects it with a reason. Each is a ledger entry. Who may approve is
 * {@link ListApprovalRule}.
 */
@Service
public class ListDecisions {

    private final PaymentLists lists;
    private final PlanWriter planWriter;
    private final Ledger ledger;
    private final Clock clock;
    private final ListApprovalRule rule;

    ListDecisions(PaymentLists lists, PlanWriter planWriter, Ledger ledger, Clock clock, ApprovalProperties approval) {
        this.lists = lists;
        this.planWriter = planWriter;
        this.ledger = ledger;
        this.clock = clock;
        this.rule = new ListApprovalRule(approval.secondCheckerAbove());
    }

    /** A finance maker takes a list the inbox uploaded as hers: it waits for a checker, who must be someone else. */
    @Transactional
    public PaymentList confirm(long listId, String maker) {
        PaymentList list = locked(listId);
        if (list.status() != ListStatus.AWAITING_MAKER) {
            throw new StateConflictException("list " + listId + " is " + list.status()
                    + "; only a list the inbox uploaded, awaiting its maker, is confirmed");
        }
        Instant now = clock.instant();
        lists.confirm(listId, maker, now);
        ledger.append(LedgerEntry.at(now)
                .by(maker).action(LedgerAction.LIST_CONFIRMED).list(listId)
                .amount(list.totalMinor(), list.currency().getCurrencyCode()).from(ListStatus.AWAITING_MAKER.name())
                .to(ListStatus.PENDING_APPROVAL.name())
                .detail(maker + " confirmed " + list.fileName() + " from the inbox as its maker: " + list.rowCount()
                        + " beneficiaries").build());
        return lists.find(listId).orElseThrow();
    }

    @Transactional
    public PaymentList approve(long listId, String actor) {
        PaymentList list = locked(listId);
        if (list.status() == ListStatus.AWAITING_MAKER) {
            throw new StateConflictException("list " + listId + " came through the inbox and waits for a finance maker"
                    + " to confirm it; it cannot be approved before");
        }
        if (list.status() != ListStatus.PENDING_APPROVAL && list.status() != ListStatus.APPROVED_ONCE) {
            throw new StateConflictException("list " + listId + " is " + list.status()
                    + "; only a list pending approval can be approved");
        }
        Instant now = clock.instant();
        ListApprovalRule.Verdict verdict = rule.judge(list, actor);
        if (verdict instanceof ListApprovalRule.Refuse refuse) {
            throw new FourEyesViolationException(refuse.why());
        }
        if (verdict instanceof ListApprovalRule.FirstOfTwo first) {
            lists.approveOnce(listId, actor, now);
            ledger.append(LedgerEntry.at(now)
                    .by(actor).action(LedgerAction.LIST_APPROVED_ONCE).list(listId)
                    .amount(list.totalMinor(), list.currency().getCurrencyCode()).from(list.status().name())
                    .to(ListStatus.APPROVED_ONCE.name())
                    .detail("first of two approvals: the total is above " + first.above().display()
                            + "; a second, different checker must approve it").build());
            return lists.find(listId).orElseThrow();
        }
        lists.decide(listId, list.status(), ListStatus.APPROVED, actor, now, null, 0);
        ledger.append(LedgerEntry.at(now)
                .by(actor).action(LedgerAction.LIST_APPROVED).list(listId)
                .amount(list.totalMinor(), list.currency().getCurrencyCode()).from(list.status().name())
                .to(ListStatus.APPROVED.name()).detail(list.rowCount() + " beneficiaries approved"
                        + (list.status() == ListStatus.APPROVED_ONCE ? ", second approval after "
                        + list.firstApprovedBy() : "")).build());
        planWriter.write(list, actor, now);
        return lists.find(listId).orElseThrow();
    }

    @Transactional
    public PaymentList reject(long listId, String actor, String reason) {
        PaymentList list = locked(listId);
        if (!list.status().undecided()) {
            throw new StateConflictException("list " + listId + " is " + list.status()
                    + "; only a list pending approval can be rejected");
        }
        Instant now = clock.instant();
        lists.decide(listId, list.status(), ListStatus.REJECTED, actor, now, reason, list.errorCount());
        ledger.append(LedgerEntry.at(now)
                .by(actor).action(LedgerAction.LIST_REJECTED).list(listId)
                .amount(list.totalMinor(), list.currency().getCurrencyCode()).from(list.status().name())
                .to(ListStatus.REJECTED.name()).detail(reason).build());
        return lists.find(listId).orElseThrow();
    }

    private PaymentList locked(long listId) {
        return lists.lock(listId).orElseThrow(() -> new ListNotFoundException("no payment list " + listId));
    }
}
