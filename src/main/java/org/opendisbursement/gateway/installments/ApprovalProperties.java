package org.opendisbursement.gateway.installments;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The approval policy under {@code disbursement.approval}: the list totals above which a list needs two different
 * checkers (per currency, in major units: {@code ["BDT 5000000", "KES 10000000"]}; none by default), and how long a
 * proposed change of money waits for its approver before it lapses ({@code proposals-expire-after}, 7 days).
 */
@ConfigurationProperties("disbursement.approval")
public record ApprovalProperties(List<String> secondCheckerAbove, Duration proposalsExpireAfter) {

    public ApprovalProperties {
        secondCheckerAbove = secondCheckerAbove == null ? List.of() : List.copyOf(secondCheckerAbove);
        proposalsExpireAfter = proposalsExpireAfter == null ? Duration.ofDays(7) : proposalsExpireAfter;
        if (proposalsExpireAfter.isNegative() || proposalsExpireAfter.isZero()) {
            throw new IllegalArgumentException("disbursement.approval.proposals-expire-after must be positive");
        }
    }
}
