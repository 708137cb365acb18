package org.opendisbursement.gateway.vouchers;

import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Voucher settings under {@code disbursement.vouchers}.
 *
 * @param validFor        how long a voucher may be redeemed: through the end of the issue day plus this period,
 *                        in the programme time zone
 * @param offlineGrace    how long after its last valid day a voucher waits before it is expired, so that offline
 *                        redemptions made in time can still be uploaded
 * @param maxWrongCodes   wrong codes one user may enter within {@code wrongCodeWindow} before being locked out
 * @param wrongCodeWindow the window wrong codes are counted in
 * @param lockout         how long a lockout lasts
 * @param maxBulkRows     most rows of one offline redemption upload
 * @param batchSize       installments issued or vouchers expired per transaction by the scheduled routes
 */
@ConfigurationProperties("disbursement.vouchers")
record VouchersProperties(@DefaultValue("P30D") Period validFor, @DefaultValue("P3D") Period offlineGrace,
                          @DefaultValue("10") int maxWrongCodes, @DefaultValue("PT15M") Duration wrongCodeWindow,
                          @DefaultValue("PT15M") Duration lockout, @DefaultValue("10000") int maxBulkRows,
                          @DefaultValue("1000") int batchSize) {
}
