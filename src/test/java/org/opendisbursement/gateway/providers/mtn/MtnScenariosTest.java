package org.opendisbursement.gateway.providers.mtn;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.providers.AdapterScenarios;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.MockProviderServers;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The shared adapter scenarios against the MTN mock. Success is any ordinary number, pending-then-success MTN's own
 * sandbox "ongoing" number 46733123453 (its delay shortened); the rest are the mock's own numbers (see the mock's
 * README): 408 lost answer, 500 server error, 771/772 another amount/payee reported, 781 a callback host MTN does not
 * know (HTTP 400, an account fault).
 */
@GatewayTest
class MtnScenariosTest extends AdapterScenarios {

    @Autowired
    MtnAdapter mtn;

    @BeforeEach
    void shortOngoing() {
        MockProviderServers.state("mtn").updateSettings(Map.of("mtnOngoingMs", 300));
    }

    @Override
    protected ProviderAdapter adapter() {
        return mtn;
    }

    private static PayoutRequest to(String msisdn) {
        return new PayoutRequest(1L, UUID.randomUUID(), "+" + msisdn, 1_500, "EUR", null, 1);
    }

    @Override
    protected PayoutRequest payout(Scenario scenario) {
        return switch (scenario) {
            case SUCCESS -> to("467331231" + String.format("%02d", ThreadLocalRandom.current().nextInt(100)));
            case LOST_ANSWER -> to("46733123408");
            case SERVER_ERROR_AFTER_SENDING -> to("46733123500");
            case PENDING_THEN_SUCCESS -> to("46733123453");
            case AMOUNT_MISMATCH -> to("46733123771");
            case PAYEE_MISMATCH -> to("46733123772");
            case ACCOUNT_FAULT -> to("46733123781");
        };
    }

    @Override
    protected Map<String, PayoutRequest> rejections() {
        Map<String, PayoutRequest> rejections = new LinkedHashMap<>();
        rejections.put("APPROVAL_REJECTED", to("46733123451"));
        rejections.put("EXPIRED", to("46733123452"));
        rejections.put("PAYEE_NOT_FOUND", to("46733123457"));
        rejections.put("NOT_ALLOWED", to("46733123458"));
        rejections.put("PAYEE_NOT_ALLOWED_TO_RECEIVE", to("46733123459"));
        rejections.put("COULD_NOT_PERFORM_TRANSACTION", to("46733123460"));
        return rejections;
    }

    @Override
    protected int executed(PayoutRequest payout) {
        return (int) MockProviderServers.state("mtn").journal().executed().stream()
                .filter(executed -> executed.reference().equals(payout.reference().toString())).count();
    }

    /** Polls the status query (as dispatch does) until MTN's answer is no longer PENDING, for at most 10 s. */
    @Override
    protected PayoutOutcome settle(PayoutRequest sent, PayoutOutcome afterSend) {
        if (afterSend instanceof PayoutOutcome.Confirmed) {
            return afterSend;
        }
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        PayoutOutcome outcome = mtn.query(sent);
        while (outcome instanceof PayoutOutcome.Pending && Instant.now().isBefore(until)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome;
            }
            outcome = mtn.query(sent);
        }
        return outcome;
    }
}
