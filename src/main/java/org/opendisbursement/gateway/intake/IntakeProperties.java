package org.opendisbursement.gateway.intake;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Intake settings under {@code disbursement.intake}: the inbox folder, the most rows a list may have, how many
 * errors a report lists in full, each channel's largest single installment per currency ("BDT 25000"), and each
 * channel's payable unit per currency, the smallest amount it pays ("KES 1"; see {@link PayableUnits}).
 */
@ConfigurationProperties("disbursement.intake")
record IntakeProperties(Path inbox, long inboxDelayMs, int maxRows, int maxReportedErrors,
                        Map<Channel, List<String>> payoutLimits,
                        Map<Channel, List<String>> payableUnits) {
}
