package org.opendisbursement.gateway.providers.bkash;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.PayoutRequest;
import org.opendisbursement.gateway.dispatch.ProviderAdapter;
import org.opendisbursement.gateway.providers.AdapterScenarios;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.springframework.beans.factory.annotation.Autowired;

/** The common adapter scenarios, played by the bKash mock over real HTTP on the test run's PostgreSQL. */
@GatewayTest
class BkashScenariosTest extends AdapterScenarios {

    @Autowired
    BkashAdapter bkash;

    @AfterEach
    void clearSwitches() {
        BkashMock.control("{\"faultCode\": \"\", \"grantRefused\": false}");
    }

    @Override
    protected ProviderAdapter adapter() {
        return bkash;
    }

    @Override
    protected PayoutRequest payout(Scenario scenario) {
        return switch (scenario) {
            case SUCCESS -> BkashMock.payout(ListFile.freshWallet());
            case LOST_ANSWER -> BkashMock.payout("01900000408");
            case SERVER_ERROR_AFTER_SENDING -> BkashMock.payout("01900000500");
            case AMOUNT_MISMATCH -> BkashMock.payout("01900000771");
            case PAYEE_MISMATCH -> BkashMock.payout("01900000772");
            case ACCOUNT_FAULT -> BkashMock.payout("01900002067");
            case PENDING_THEN_SUCCESS -> throw new IllegalStateException("unsupported");
        };
    }

    @Override
    protected Map<String, PayoutRequest> rejections() {
        Map<String, PayoutRequest> rejections = new LinkedHashMap<>();
        for (String code : new String[] {"2012", "2009", "2045", "2057", "2058", "2039", "2040", "2006"}) {
            rejections.put(code, BkashMock.payout("0190000" + code));
        }
        return rejections;
    }

    @Override
    protected int executed(PayoutRequest payout) {
        return BkashMock.executed(payout);
    }

    /** bKash is synchronous: the gateway's later word is the search by trxID, or (without one) a person. */
    @Override
    protected PayoutOutcome settle(PayoutRequest sent, PayoutOutcome afterSend) {
        return bkash.query(sent);
    }

    @Override
    protected Map<Scenario, String> unsupported() {
        return Map.of(Scenario.PENDING_THEN_SUCCESS, "bKash B2C is synchronous: b2cPayment answers Completed or an"
                + " error, there is no pending payout to finish later");
    }
}
