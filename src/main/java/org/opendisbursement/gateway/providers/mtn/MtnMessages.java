package org.opendisbursement.gateway.providers.mtn;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/** The JSON MTN MoMo's Disbursement API reads and writes. */
final class MtnMessages {

    private MtnMessages() {
    }

    /** Answer of {@code POST /disbursement/token/}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenAnswer(@JsonProperty("access_token") String accessToken,
                       @JsonProperty("token_type") String tokenType,
                       @JsonProperty("expires_in") Long expiresIn) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Payee(@JsonProperty("partyIdType") String partyIdType, @JsonProperty("partyId") String partyId) {
    }

    /** Body of {@code POST /disbursement/v1_0/transfer}; the reference travels as {@code X-Reference-Id}. */
    record Transfer(@JsonProperty("amount") String amount,
                    @JsonProperty("currency") String currency,
                    @JsonProperty("externalId") String externalId,
                    @JsonProperty("payee") Payee payee,
                    @JsonProperty("payerMessage") String payerMessage,
                    @JsonProperty("payeeNote") String payeeNote) {
    }

    /**
     * The transfer as {@code GET /disbursement/v1_0/transfer/{referenceId}} answers it and as the callback delivers
     * it. {@code reason} (FAILED only) is a plain string or an object {@code {code, message}}: both are accepted.
     * {@code amount}, {@code currency}, {@code payee} and {@code externalId} say what MTN holds, to be compared with
     * the payout before anything is believed. {@code referenceId} is not part of MTN's body (a callback names its
     * transfer by {@code externalId}); it is read only to notice a body that contradicts itself.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TransferStatus(@JsonProperty("amount") String amount,
                          @JsonProperty("currency") String currency,
                          @JsonProperty("payee") Payee payee,
                          @JsonProperty("status") String status,
                          @JsonProperty("financialTransactionId") String financialTransactionId,
                          @JsonProperty("externalId") String externalId,
                          @JsonProperty("referenceId") String referenceId,
                          @JsonProperty("reason") JsonNode reason) {

        /** The failure reason's code ({@code "NOT_ENOUGH_FUNDS"} or {@code {code: …}}), or null. */
        String reasonCode() {
            if (reason == null || reason.isNull() || reason.isMissingNode()) {
                return null;
            }
            if (reason.isString()) {
                return blankToNull(reason.asString());
            }
            if (reason.isObject() && reason.hasNonNull("code")) {
                return blankToNull(reason.get("code").asString());
            }
            return null;
        }

        /** The failure reason's message, when it came as an object with one. */
        String reasonMessage() {
            return reason != null && reason.isObject() && reason.hasNonNull("message")
                    ? reason.get("message").asString() : null;
        }

        private static String blankToNull(String text) {
            return text == null || text.isBlank() ? null : text.strip();
        }
    }

    /** MTN's error body {@code {code, message}} (429 says {@code {statusCode, message}}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Error(@JsonProperty("code") String code, @JsonProperty("message") String message) {
    }
}
