package org.opendisbursement.gateway.providers.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.dispatch.CallbackGuard;
import org.opendisbursement.gateway.dispatch.PayoutCallbacks;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** What each callback endpoint hands to {@link PayoutCallbacks} for a given Daraja body, and what it answers. */
class MpesaCallbackControllerTest {

    record Applied(String provider, UUID reference, PayoutOutcome outcome) {
    }

    /** One callback endpoint of the controller, called with a request. */
    interface Endpoint {
        ResponseEntity<MpesaCallbackController.Acknowledgement> call(MockHttpServletRequest request) throws IOException;
    }

    private final List<Applied> applied = new ArrayList<>();
    private MpesaCallbackController controller;

    @BeforeEach
    void setUp() {
        var settings = new ProviderSettings(true, "http://mpesa", java.util.Map.of(), 0, 8, 3, java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1),
                java.time.Duration.ofHours(1), "right", List.of(), "http://gateway");
        CallbackGuard guard = new CallbackGuard(new ProvidersProperties(java.util.Map.of("mpesa", settings)), 1024);
        PayoutCallbacks callbacks = (provider, reference, outcome) -> {
            applied.add(new Applied(provider, reference, outcome));
            return PayoutCallbacks.Applied.CHANGED;
        };
        controller = new MpesaCallbackController(guard, callbacks, new JsonMapper());
    }

    /** A callback to {@code endpoint} about the payout under {@code reference}, with that payout's token. */
    private int call(Endpoint endpoint, UUID reference, String body) throws IOException {
        return call(endpoint, "reference=" + reference + "&token=" + CallbackGuard.token("right", "mpesa", reference), body)
                .getStatusCode().value();
    }

    private ResponseEntity<MpesaCallbackController.Acknowledgement> call(Endpoint endpoint, String query, String body)
            throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/callbacks/b2c-ke/x");
        request.setQueryString(query);
        request.setContentType("application/json");
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return endpoint.call(request);
    }

    private static String result(UUID reference, int resultType, String resultCode) {
        return """
                {"Result": {"ResultType": %d, "ResultCode": %s, "ResultDesc": "d", "OriginatorConversationID": "%s",
                  "ConversationID": "AG_20260101_00000007", "TransactionID": "MP00000007"}}"""
                .formatted(resultType, resultCode, reference);
    }

    @Test
    void aResultIsAppliedToItsReference() throws IOException {
        UUID reference = UUID.randomUUID();

        var answer = call(controller::result, "reference=" + reference + "&token="
                + CallbackGuard.token("right", "mpesa", reference), result(reference, 0, "0"));

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody()).isEqualTo(new MpesaCallbackController.Acknowledgement(0, "Accepted"));
        assertThat(applied).containsExactly(new Applied("mpesa", reference, new PayoutOutcome.Confirmed("MP00000007",
                new PayoutOutcome.Reported(null, null, null, reference.toString()))));
    }

    @Test
    void aQueueTimeoutEchoingTheRequestIsUnknownNeverAFailure() throws IOException {
        UUID reference = UUID.randomUUID();
        String echoed = """
                {"OriginatorConversationID": "%s", "InitiatorName": "testapi", "SecurityCredential": "x",
                  "CommandID": "BusinessPayment", "Amount": 100, "PartyA": "600979", "PartyB": "254712345678",
                  "Remarks": "r", "QueueTimeOutURL": "http://g/t", "ResultURL": "http://g/r"}""".formatted(reference);

        assertThat(call(controller::timeout, reference, echoed)).isEqualTo(200);

        assertThat(applied).singleElement().satisfies(a -> {
            assertThat(a.reference()).isEqualTo(reference);
            assertThat(a.outcome()).isInstanceOf(PayoutOutcome.Unknown.class);
        });
    }

    @Test
    void aRejectionCarriesItsCodeAndReason() throws IOException {
        UUID reference = UUID.randomUUID();

        call(controller::result, reference, result(reference, 0, "\"SFC_IC0003\""));

        assertThat(applied).singleElement().extracting(Applied::outcome)
                .isEqualTo(new PayoutOutcome.Rejected("SFC_IC0003", MpesaResults.REASONS.get("SFC_IC0003")));
    }

    @Test
    void aMissingOrWrongTokenOrOneOfAnotherPayoutIsRefusedBeforeTheBodyIsRead() throws IOException {
        UUID reference = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String otherToken = CallbackGuard.token("right", "mpesa", other);

        assertThat(call(controller::result, "reference=" + reference, result(reference, 0, "0"))
                .getStatusCode().value()).isEqualTo(403);
        assertThat(call(controller::result, "reference=" + reference + "&token=" + otherToken, result(reference, 0, "0"))
                .getStatusCode().value()).as("a token opens the door for its own payout only").isEqualTo(403);
        assertThat(call(controller::result, "reference=" + reference + "&token="
                + CallbackGuard.token("wrong", "mpesa", reference), result(reference, 0, "0")).getStatusCode().value())
                .as("a token made with another secret").isEqualTo(403);
        assertThat(call(controller::timeout, "secret=right", "not json").getStatusCode().value())
                .as("the secret itself opens nothing").isEqualTo(403);
        assertThat(call(controller::status, "", "{}").getStatusCode().value()).isEqualTo(403);
        assertThat(applied).isEmpty();
    }

    @Test
    void aBodyOverTheCapIsRefusedAndABodyAboutAnotherPayoutIgnored() throws IOException {
        UUID reference = UUID.randomUUID();
        String padded = result(reference, 0, "0").replace("\"d\"", "\"" + "x".repeat(2000) + "\"");

        assertThat(call(controller::result, reference, padded)).isEqualTo(413);
        assertThat(call(controller::result, reference, result(UUID.randomUUID(), 0, "0"))).isEqualTo(200);
        assertThat(applied).isEmpty();
    }

    @Test
    void aQueueTimeoutIsUnknown() throws IOException {
        UUID reference = UUID.randomUUID();

        assertThat(call(controller::timeout, reference, result(reference, 1, "1"))).isEqualTo(200);

        assertThat(applied).singleElement().satisfies(call -> {
            assertThat(call.reference()).isEqualTo(reference);
            assertThat(call.outcome()).isInstanceOf(PayoutOutcome.Unknown.class);
        });
    }

    @Test
    void aTimedOutStatusQueryTeachesNothing() throws IOException {
        UUID reference = UUID.randomUUID();

        assertThat(call(request -> controller.statusTimeout(request), reference, result(UUID.randomUUID(), 1, "1")))
                .isEqualTo(200);

        assertThat(applied).isEmpty();
    }

    @Test
    void aStatusAnswerGoesToTheReferenceInItsUrl() throws IOException {
        UUID reference = UUID.randomUUID();
        String notFound = """
                {"Result": {"ResultType": 0, "ResultCode": "R000002", "ResultDesc": "The transaction does not exist",
                  "OriginatorConversationID": "%s", "ConversationID": "AG_20260101_Q0000001"}}"""
                .formatted(UUID.randomUUID());

        assertThat(call(controller::status, reference, notFound)).isEqualTo(200);

        assertThat(applied).singleElement().satisfies(call -> {
            assertThat(call.reference()).isEqualTo(reference);
            assertThat(call.outcome()).isInstanceOf(PayoutOutcome.NotFound.class);
        });
    }

    @Test
    void aStatusAnswerAboutAnotherPayoutIsIgnored() throws IOException {
        String completedForSomeoneElse = """
                {"Result": {"ResultType": 0, "ResultCode": 0, "ResultDesc": "ok", "OriginatorConversationID": "q",
                  "ResultParameters": {"ResultParameter": [{"Key": "TransactionStatus", "Value": "Completed"},
                    {"Key": "ReceiptNo", "Value": "MP1"}, {"Key": "OriginatorConversationID", "Value": "%s"}]}}}"""
                .formatted(UUID.randomUUID());

        assertThat(call(controller::status, UUID.randomUUID(), completedForSomeoneElse)).isEqualTo(200);

        assertThat(applied).isEmpty();
    }

    @Test
    void aForeignReferenceIsAcceptedAndIgnoredAndAnUnreadableBodyRefused() throws IOException {
        UUID reference = UUID.randomUUID();
        assertThat(call(controller::result, reference, """
                {"Result": {"ResultType": 0, "ResultCode": 0, "OriginatorConversationID": "29115-34620561-1"}}"""))
                .isEqualTo(200);
        assertThat(call(controller::result, reference, "{not json")).isEqualTo(400);
        assertThat(call(controller::result, reference, "")).isEqualTo(400);
        assertThat(applied).isEmpty();
    }
}
