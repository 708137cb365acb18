package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class PayoutOutcomeTest {

    @Test
    void paidAndAcceptedPayoutsAreRoutineAndEverythingElseIsWorthALine() {
        assertThat(new PayoutOutcome.Confirmed("T1").logLevel()).isEqualTo(Level.DEBUG);
        assertThat(new PayoutOutcome.Pending("T1", "accepted").logLevel()).isEqualTo(Level.DEBUG);
        assertThat(new PayoutOutcome.Rejected("2001", "invalid wallet").logLevel()).isEqualTo(Level.INFO);
        assertThat(new PayoutOutcome.Retryable("503", "maintenance").logLevel()).isEqualTo(Level.INFO);
        assertThat(new PayoutOutcome.Unknown("timed out").logLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void aDescriptionNamesTheCodeOrTheReasonForAnUnknownOutcome() {
        assertThat(new PayoutOutcome.Confirmed("T1").describe()).isEqualTo("confirmed");
        assertThat(new PayoutOutcome.Rejected("2001", "invalid wallet").describe()).isEqualTo("rejected 2001");
        assertThat(new PayoutOutcome.Retryable("503", "maintenance").describe()).isEqualTo("retryable 503");
        assertThat(new PayoutOutcome.Unknown("timed out").describe()).isEqualTo("unknown (timed out)");
    }
}
