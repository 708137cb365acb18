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
 * The second pair of eyes: a checker who did not upload a list approves it, and the approval writes its plan of
 * installments in the same transaction; or rejects it with a reason. Both are ledger entries.
 */
@Service
public class ListDecisions {

    private final PaymentLists lists;
    private final PlanWriter planWriter;
    private final Ledger ledger;
    private final Clock clock;

    ListDecisions(PaymentLists lists, PlanWriter planWriter, Ledger ledger, Clock clock) {
        this.lists = lists;
        this.planWriter = planWriter;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Transactional
    public PaymentList approve(long listId, String actor) {
        PaymentList list = pending(listId, "approved");
        if (list.uploadedBy().equals(actor)) {
            throw new FourEyesViolationException("four eyes: " + actor + " uploaded list " + listId
                    + " and so cannot approve it; another finance checker must");
        }
        Instant now = clock.instant();
        lists.decide(listId, ListStatus.PENDING_APPROVAL, ListStatus.APPROVED, actor, now, null, 0);
        ledger.append(LedgerEntry.at(now)
                .by(actor).action(LedgerAction.LIST_APPROVED).list(listId)
                .amount(list.totalMinor(), list.currency().getCurrencyCode()).from(ListStatus.PENDING_APPROVAL.name())
                .to(ListStatus.APPROVED.name()).detail(list.rowCount() + " beneficiaries approved").build());
        planWriter.write(list, actor, now);
        return lists.find(listId).orElseThrow();
    }

    @Transactional
    public PaymentList reject(long listId, String actor, String reason) {
        PaymentList list = pending(listId, "rejected");
        Instant now = clock.instant();
        lists.decide(listId, ListStatus.PENDING_APPROVAL, ListStatus.REJECTED, actor, now, reason, list.errorCount());
        ledger.append(LedgerEntry.at(now)
                .by(actor).action(LedgerAction.LIST_REJECTED).list(listId)
                .amount(list.totalMinor(), list.currency().getCurrencyCode()).from(ListStatus.PENDING_APPROVAL.name())
                .to(ListStatus.REJECTED.name()).detail(reason).build());
        return lists.find(listId).orElseThrow();
    }

    private PaymentList pending(long listId, String verb) {
        PaymentList list = lists.lock(listId).orElseThrow(() -> new ListNotFoundException("no payment list " + listId));
        if (list.status() != ListStatus.PENDING_APPROVAL) {
            throw new StateConflictException("list " + listId + " is " + list.status() + "; only a list pending approval can be " + verb);
        }
        return list;
    }
}
