package org.opendisbursement.gateway.providers.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.dispatch.CallbackGuard;
import org.opendisbursement.gateway.dispatch.PayoutCallbacks;
import org.opendisbursement.gateway.dispatch.PayoutOutcome;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.dispatch.ProvidersProperties;
import org.springframework.mock.web.MockHttpServletRequest;

/** What each callback endpoint hands to {@link PayoutCallbacks} for a given Daraja body, and what it answers. */
class MpesaCallbackControllerTest {

    record Applied(String provider, UUID reference, PayoutOutcome outcome) {
    }

    private final List<Applied> applied = new ArrayList<>();
    private final MockHttpServletRequest request = new MockHttpServletRequest();
    private MpesaCallbackController controller;

    @BeforeEach
    void setUp() {
        var settings = new ProviderSettings(true, "http://mpesa", java.util.Map.of(), 0, 8, 3, java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1),
                java.time.Duration.ofHours(1), "right", List.of(), "http://gateway");
        CallbackGuard guard = new CallbackGuard(new ProvidersProperties(java.util.Map.of("mpesa", settings)));
        PayoutCallbacks callbacks = (provider, reference, outcome) -> {
            applied.add(new Applied(provider, reference, outcome));
            return PayoutCallbacks.Applied.CHANGED;
        };
        controller = new MpesaCallbackController(guard, callbacks, new JsonMapper());
    }

    private static String result(UUID reference, int resultType, String resultCode) {
        return """
                {"Result": {"ResultType": %d, "ResultCode": %s, "ResultDesc": "d", "OriginatorConversationID": "%s",
                  "ConversationID": "AG_20260101_00000007", "TransactionID": "MP00000007"}}"""
                .formatted(resultType, resultCode, reference);
    }

    @Test
    void aResultIsAppliedToItsReference() {
        UUID reference = UUID.randomUUID();

        var answer = controller.result("right", result(reference, 0, "0"), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody()).isEqualTo(new MpesaCallbackController.Acknowledgement(0, "Accepted"));
        assertThat(applied).containsExactly(new Applied("mpesa", reference, new PayoutOutcome.Confirmed("MP00000007",
                new PayoutOutcome.Reported(null, null, null, reference.toString()))));
    }

    @Test
    void aQueueTimeoutEchoingTheRequestIsUnknownNeverAFailure() {
        UUID reference = UUID.randomUUID();
        String echoed = """
                {"OriginatorConversationID": "%s", "InitiatorName": "testapi", "SecurityCredential": "x",
                  "CommandID": "BusinessPayment", "Amount": 100, "PartyA": "600979", "PartyB": "254712345678",
                  "Remarks": "r", "QueueTimeOutURL": "http://g/t", "ResultURL": "http://g/r"}""".formatted(reference);

        var answer = controller.timeout("right", null, null, echoed, request);

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(applied).singleElement().satisfies(a -> {
            assertThat(a.reference()).isEqualTo(reference);
            assertThat(a.outcome()).isInstanceOf(PayoutOutcome.Unknown.class);
        });
    }

    @Test
    void aRejectionCarriesItsCodeAndReason() {
        UUID reference = UUID.randomUUID();

        controller.result("right", result(reference, 0, "\"SFC_IC0003\""), request);

        assertThat(applied).singleElement().extracting(Applied::outcome)
                .isEqualTo(new PayoutOutcome.Rejected("SFC_IC0003", MpesaResults.REASONS.get("SFC_IC0003")));
    }

    @Test
    void aWrongOrMissingSecretIsRefusedBeforeTheBodyIsRead() {
        assertThat(controller.result("wrong", result(UUID.randomUUID(), 0, "0"), request).getStatusCode().value())
                .isEqualTo(403);
        assertThat(controller.timeout(null, null, null, "not json", request).getStatusCode().value()).isEqualTo(403);
        assertThat(controller.status("", null, "{}", request).getStatusCode().value()).isEqualTo(403);
        assertThat(applied).isEmpty();
    }

    @Test
    void aQueueTimeoutIsUnknown() {
        UUID reference = UUID.randomUUID();

        var answer = controller.timeout("right", null, null, result(reference, 1, "1"), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(applied).singleElement().satisfies(call -> {
            assertThat(call.reference()).isEqualTo(reference);
            assertThat(call.outcome()).isInstanceOf(PayoutOutcome.Unknown.class);
        });
    }

    @Test
    void aTimedOutStatusQueryTeachesNothing() {
        UUID reference = UUID.randomUUID();

        var answer = controller.timeout("right", "status-query", reference.toString(),
                result(UUID.randomUUID(), 1, "1"), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(applied).isEmpty();
    }

    @Test
    void aStatusAnswerGoesToTheReferenceInItsUrl() {
        UUID reference = UUID.randomUUID();
        String notFound = """
                {"Result": {"ResultType": 0, "ResultCode": "R000002", "ResultDesc": "The transaction does not exist",
                  "OriginatorConversationID": "%s", "ConversationID": "AG_20260101_Q0000001"}}"""
                .formatted(UUID.randomUUID());

        var answer = controller.status("right", reference.toString(), notFound, request);

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(applied).singleElement().satisfies(call -> {
            assertThat(call.reference()).isEqualTo(reference);
            assertThat(call.outcome()).isInstanceOf(PayoutOutcome.NotFound.class);
        });
    }

    @Test
    void aStatusAnswerAboutAnotherPayoutIsIgnored() {
        String completedForSomeoneElse = """
                {"Result": {"ResultType": 0, "ResultCode": 0, "ResultDesc": "ok", "OriginatorConversationID": "q",
                  "ResultParameters": {"ResultParameter": [{"Key": "TransactionStatus", "Value": "Completed"},
                    {"Key": "ReceiptNo", "Value": "MP1"}, {"Key": "OriginatorConversationID", "Value": "%s"}]}}}"""
                .formatted(UUID.randomUUID());

        var answer = controller.status("right", UUID.randomUUID().toString(), completedForSomeoneElse, request);

        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(applied).isEmpty();
    }

    @Test
    void aForeignReferenceIsAcceptedAndIgnoredAndAnUnreadableBodyRefused() {
        assertThat(controller.result("right", """
                {"Result": {"ResultType": 0, "ResultCode": 0, "OriginatorConversationID": "29115-34620561-1"}}""",
                request).getStatusCode().value()).isEqualTo(200);
        assertThat(controller.result("right", "{not json", request).getStatusCode().value()).isEqualTo(400);
        assertThat(controller.result("right", "", request).getStatusCode().value()).isEqualTo(400);
        assertThat(applied).isEmpty();
    }
}
