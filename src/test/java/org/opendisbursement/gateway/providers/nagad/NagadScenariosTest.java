package org.opendisbursement.gateway.providers.nagad;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.providers.AdapterScenarios;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.MockProviderServers;
import org.opendisbursement.gateway.support.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The scenarios every adapter runs, played by the Nagad mock's magic wallets (mock-providers README, Nagad). A
 * sent payout is settled as the gateway would: by the status query, which needs the rechargeId and request time kept
 * from the payout's answer (without them: Unverifiable).
 */
@GatewayTest
class NagadScenariosTest extends AdapterScenarios {

    private static final AtomicLong INSTALLMENT = new AtomicLong(9_500_000);

    @Autowired
    NagadAdapter adapter;
    @Autowired
    MutableClock clock;

    @BeforeEach
    void realTime() {
        clock.reset();
    }

    @Override
    protected ProviderAdapter adapter() {
        return adapter;
    }

    @Override
    protected PayoutRequest payout(Scenario scenario) {
        return switch (scenario) {
            case SUCCESS -> payout("017" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000)));
            case LOST_ANSWER -> payout("01800000408");
            case SERVER_ERROR_AFTER_SENDING -> payout("01800000500");
            case AMOUNT_MISMATCH -> payout("01800000011");
            case PAYEE_MISMATCH -> payout("01800000012");
            case ACCOUNT_FAULT -> payout("01800000006");
            case PENDING_THEN_SUCCESS -> throw new IllegalStateException("unsupported");
        };
    }

    @Override
    protected Map<String, PayoutRequest> rejections() {
        Map<String, PayoutRequest> rejections = new LinkedHashMap<>();
        rejections.put("INVALID_ACCOUNT", payout("01800000002"));
        rejections.put("ACCOUNT_NOT_FOUND", payout("01800000003"));
        rejections.put("ACCOUNT_INACTIVE", payout("01800000004"));
        rejections.put("LIMIT_EXCEEDED", payout("01800000005"));
        return rejections;
    }

    @Override
    protected int executed(PayoutRequest payout) {
        String reference = payout.reference().toString();
        return (int) MockProviderServers.state("nagad").journal().executed().stream()
                .filter(paid -> paid.reference().equals(reference))
                .count();
    }

    @Override
    protected PayoutOutcome settle(PayoutRequest sent, PayoutOutcome afterSend) {
        return adapter.query(sent);
    }

    @Override
    protected Map<Scenario, String> unsupported() {
        return Map.of(Scenario.PENDING_THEN_SUCCESS, "Nagad's instant payout is synchronous: its success answer"
                + " carries the issuer's transaction id, and the only public client knows no status but COMPLETED."
                + " The adapter still reads PENDING/PROCESSING as Pending, but no mock may invent when Nagad says it.");
    }

    private static PayoutRequest payout(String localWallet) {
        return new PayoutRequest(INSTALLMENT.incrementAndGet(), UUID.randomUUID(), "+88" + localWallet, 250_000,
                "BDT", null, 1);
    }
}
