package org.opendisbursement.gateway.installments;

import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendisbursement.gateway.intake.ListStatus;
import org.opendisbursement.gateway.intake.PaymentList;
import org.opendisbursement.gateway.money.Money;
import org.opendisbursement.gateway.system.UserNames;

/**
 * Who may approve a list, and whether an approval completes it: pure, no database. Never the finance maker
 * answerable for it (its uploader, or the maker who confirmed an inbox list), nor whoever uploaded it (an inbox
 * list from before V11 names a user its sidecar claimed); and a list whose total is above the
 * two-checker total of its currency needs two different checkers, neither of them its maker. Names are compared in
 * canonical form ({@link UserNames}).
 */
final class ListApprovalRule {

    sealed interface Verdict {
    }

    /** This approval completes the list: it becomes APPROVED and is planned. */
    record Approve() implements Verdict {
    }

    /** The first of two approvals: the list is APPROVED_ONCE and waits for a second, different checker. */
    record FirstOfTwo(Money above) implements Verdict {
    }

    /** Four eyes refuses this approver. */
    record Refuse(String why) implements Verdict {
    }

    private final Map<Currency, Money> secondCheckerAbove = new HashMap<>();

    ListApprovalRule(List<String> secondCheckerAbove) {
        for (String text : secondCheckerAbove) {
            Money total = Money.parse(text);
            if (this.secondCheckerAbove.put(total.currency(), total) != null) {
                throw new IllegalArgumentException("disbursement.approval.second-checker-above names "
                        + total.currencyCode() + " twice");
            }
        }
    }

    /** The total above which a list in {@code currency} needs two checkers, if there is one. */
    Optional<Money> secondCheckerAbove(Currency currency) {
        return Optional.ofNullable(secondCheckerAbove.get(currency));
    }

    /** What {@code approver}'s approval of {@code list} (PENDING_APPROVAL or APPROVED_ONCE) does. */
    Verdict judge(PaymentList list, String approver) {
        if (UserNames.samePerson(approver, list.uploadedBy())) {
            return new Refuse("four eyes: " + approver + " uploaded list " + list.id()
                    + " and so cannot approve it; another finance checker must");
        }
        if (UserNames.samePerson(approver, list.confirmedBy())) {
            return new Refuse("four eyes: " + approver + " confirmed list " + list.id() + " as its maker"
                    + " and so cannot approve it; another finance checker must");
        }
        if (list.status() == ListStatus.APPROVED_ONCE) {
            if (UserNames.samePerson(approver, list.firstApprovedBy())) {
                return new Refuse("four eyes: " + approver + " already approved list " + list.id() + " once; a list of "
                        + new Money(list.totalMinor(), list.currency()).display() + " needs a second, different checker");
            }
            return new Approve();
        }
        Optional<Money> above = secondCheckerAbove(list.currency());
        if (above.isPresent() && new Money(list.totalMinor(), list.currency()).isGreaterThan(above.get())) {
            return new FirstOfTwo(above.get());
        }
        return new Approve();
    }
}
