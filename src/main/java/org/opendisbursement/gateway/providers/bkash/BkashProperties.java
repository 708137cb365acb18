package org.opendisbursement.gateway.providers.bkash;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * bKash-only settings, next to the common ones under {@code disbursement.providers.bkash}.
 *
 * @param duplicateWindow        how long bKash refuses a second payment of the same amount to the same wallet (error
 *                               2029); a payout refused so is tried again no sooner than this. bKash does not publish
 *                               the window ("try again in a few minutes"); 10 minutes is the defensive default.
 * @param refreshAhead           refresh the token (with {@code token/refresh}) this long before it expires
 * @param balanceCacheFor        how long an {@code organizationBalance} answer is trusted (less what was paid since)
 * @param disbursementAccountType the {@code accountTypeName} of the disbursement wallet in {@code organizationBalance}
 *                               (matched ignoring case; "disburse" anywhere in the name also matches)
 */
@ConfigurationProperties("disbursement.providers.bkash")
record BkashProperties(@DefaultValue("10m") Duration duplicateWindow,
                       @DefaultValue("5m") Duration refreshAhead,
                       @DefaultValue("30s") Duration balanceCacheFor,
                       @DefaultValue("Disbursement Account") String disbursementAccountType) {

    static BkashProperties defaults() {
        return new BkashProperties(Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofSeconds(30),
                "Disbursement Account");
    }
}
