package org.opendisbursement.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.GatewayTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Whichever feature refuses a request, the answer is one kind of RFC 7807 problem, titled by its status. */
@GatewayTest
class ProblemAnswersTest {

    @LocalServerPort
    int port;

    private Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    private static void problem(Api.Response answer, int status, String title, String detail) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.body().get("status").asInt()).isEqualTo(status);
        assertThat(answer.body().get("title").asString()).isEqualTo(title);
        assertThat(answer.body().get("detail").asString()).contains(detail);
    }

    @Test
    void aRequestNoFeatureCanActOnAsSentIsABadRequestThatSaysWhatToSend() {
        problem(api.get("auditor", "/api/ledger?colour=red"), 400, "Bad Request", "unknown parameter 'colour'");
        problem(api.get("auditor", "/api/ledger?list=x"), 400, "Bad Request", "'list' must be a whole number");
        problem(api.get("maker", "/api/reports/programmes/" + "A".repeat(33)), 400, "Bad Request",
                "a programme code has 1-32");
        problem(api.postJson("agent", "/api/vouchers/redeem", "{}"), 400, "Bad Request", "send {\"code\"");
        problem(api.postJson("checker", "/api/payment-lists/1/reject", "{}"), 400, "Bad Request",
                "a rejection needs a reason");
        problem(api.postJson("checker", "/api/reconciliations/1/results/1/resolve", "{}"), 400, "Bad Request",
                "say how it was resolved");
        problem(api.get("auditor", "/api/payment-lists/abc"), 400, "Bad Request", "'id' must be a long");
    }

    @Test
    void whatDoesNotExistIsANotFoundProblemNamingIt() {
        problem(api.get("auditor", "/api/payment-lists/987654321"), 404, "Not Found", "no payment list 987654321");
        problem(api.get("auditor", "/api/reconciliations/987654321"), 404, "Not Found", "no reconciliation 987654321");
        problem(api.get("auditor", "/api/reports/lists/987654321"), 404, "Not Found", "no list 987654321");
        problem(api.get("auditor", "/api/ledger/lists/987654321/totals"), 404, "Not Found", "no payment list 987654321");
    }
}
