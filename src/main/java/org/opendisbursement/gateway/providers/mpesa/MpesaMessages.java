package org.opendisbursement.gateway.providers.mpesa;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;
import java.util.List;

/**
 * The Daraja JSON shapes the adapter writes and reads (field names exactly as Safaricom spells them, including
 * B2C's {@code Occassion}). Numbers that Daraja sometimes sends as numbers and sometimes as strings
 * ({@code ResultCode}, {@code ResultType}, {@code expires_in}) are read as text.
 */
final class MpesaMessages {

    private MpesaMessages() {
    }

    /** {@code GET /oauth/v1/generate?grant_type=client_credentials} answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenAnswer(@JsonProperty("access_token") String accessToken,
                       @JsonProperty("expires_in") String expiresIn) {
    }

    /**
     * {@code POST /mpesa/b2c/v3/paymentrequest} body. {@code Amount} is whole shillings. {@code IDType}/{@code IDNumber}
     * only for the ID-checking variant (left out when null); never printed.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PaymentRequest(
            @JsonProperty("OriginatorConversationID") String originatorConversationId,
            @JsonProperty("InitiatorName") String initiatorName,
            @JsonProperty("SecurityCredential") String securityCredential,
            @JsonProperty("CommandID") String commandId,
            @JsonProperty("Amount") long amount,
            @JsonProperty("PartyA") String partyA,
            @JsonProperty("PartyB") String partyB,
            @JsonProperty("Remarks") String remarks,
            @JsonProperty("QueueTimeOutURL") String queueTimeOutUrl,
            @JsonProperty("ResultURL") String resultUrl,
            @JsonProperty("Occassion") String occassion,
            @JsonProperty("IDType") String idType,
            @JsonProperty("IDNumber") String idNumber) {

        @Override
        public String toString() {
            return "PaymentRequest[" + originatorConversationId + "]";
        }
    }

    /**
     * {@code POST /mpesa/transactionstatus/v1/query} body: exactly one of {@code TransactionID} (the M-Pesa receipt) and
     * {@code OriginalConversationID}; the other is null and left out.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StatusQuery(
            @JsonProperty("CommandID") String commandId,
            @JsonProperty("Initiator") String initiator,
            @JsonProperty("SecurityCredential") String securityCredential,
            @JsonProperty("TransactionID") String transactionId,
            @JsonProperty("OriginalConversationID") String originalConversationId,
            @JsonProperty("PartyA") String partyA,
            @JsonProperty("IdentifierType") String identifierType,
            @JsonProperty("ResultURL") String resultUrl,
            @JsonProperty("QueueTimeOutURL") String queueTimeOutUrl,
            @JsonProperty("Remarks") String remarks,
            @JsonProperty("Occasion") String occasion) {

        @Override
        public String toString() {
            return "StatusQuery[" + (transactionId != null ? transactionId : originalConversationId) + "]";
        }
    }

    /**
     * A synchronous Daraja answer: either the acknowledgement ({@code ConversationID, OriginatorConversationID,
     * ResponseCode, ResponseDescription}) or a gateway error ({@code requestId, errorCode, errorMessage}).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SyncAnswer(
            @JsonProperty("ConversationID") String conversationId,
            @JsonProperty("OriginatorConversationID") String originatorConversationId,
            @JsonProperty("ResponseCode") String responseCode,
            @JsonProperty("ResponseDescription") String responseDescription,
            @JsonProperty("requestId") String requestId,
            @JsonProperty("errorCode") String errorCode,
            @JsonProperty("errorMessage") String errorMessage) {

        static final SyncAnswer EMPTY = new SyncAnswer(null, null, null, null, null, null, null);
    }

    /**
     * What Daraja POSTs to a {@code ResultURL} ({@code {"Result": {...}}}) or to a {@code QueueTimeOutURL}: there,
     * Safaricom echoes the original request back (top-level {@code OriginatorConversationID, Amount, PartyB, …}, as the
     * 121 platform's timeout DTO reads it); an enveloped {@code Result} with ResultType 1 is accepted too.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Callback(@JsonProperty("Result") Result result,
                    @JsonProperty("OriginatorConversationID") String originatorConversationId,
                    @JsonProperty("CommandID") String commandId,
                    @JsonProperty("Amount") String amount,
                    @JsonProperty("PartyB") String partyB) {

        /** Whether this is an echoed request rather than a result envelope. */
        boolean isEchoedRequest() {
            return result == null && originatorConversationId != null;
        }

        @Override
        public String toString() {
            return "Callback[" + (result != null ? result : "echoed " + originatorConversationId) + "]";
        }
    }

    /** The {@code Result} of a callback. Failures carry no {@code ResultParameters}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Result(
            @JsonProperty("ResultType") String resultType,
            @JsonProperty("ResultCode") String resultCode,
            @JsonProperty("ResultDesc") String resultDesc,
            @JsonProperty("OriginatorConversationID") String originatorConversationId,
            @JsonProperty("ConversationID") String conversationId,
            @JsonProperty("TransactionID") String transactionId,
            @JsonProperty("ResultParameters") ResultParameters resultParameters) {

        /** The value of one {@code ResultParameter} as text, or null when absent. */
        String parameter(String key) {
            if (resultParameters == null || resultParameters.parameters() == null) {
                return null;
            }
            for (Parameter parameter : resultParameters.parameters()) {
                if (parameter != null && key.equals(parameter.key())) {
                    JsonNode value = parameter.value();
                    return value == null || value.isNull() ? null : value.asString();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return "Result[code=" + resultCode + ", originatorConversationId=" + originatorConversationId + "]";
        }
    }

    /** {@code {"ResultParameter": [{Key, Value}, …]}}; a lone object instead of an array is accepted too. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ResultParameters(
            @JsonProperty("ResultParameter") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            List<Parameter> parameters) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Parameter(@JsonProperty("Key") String key, @JsonProperty("Value") JsonNode value) {
    }
}
