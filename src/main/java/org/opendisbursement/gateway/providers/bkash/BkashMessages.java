package org.opendisbursement.gateway.providers.bkash;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON bKash's checkout B2C API reads and writes (all amounts and numbers are strings). */
final class BkashMessages {

    private BkashMessages() {
    }

    /** Body of {@code POST …/token/grant}; the username and password travel as headers. */
    record GrantRequest(@JsonProperty("app_key") String appKey, @JsonProperty("app_secret") String appSecret) {
    }

    /** Answer of the token grant (tokenized flavour adds {@code statusCode: "0000"}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record GrantAnswer(@JsonProperty("id_token") String idToken,
                       @JsonProperty("expires_in") Long expiresIn,
                       @JsonProperty("statusCode") String statusCode,
                       @JsonProperty("statusMessage") String statusMessage,
                       @JsonProperty("errorCode") String errorCode,
                       @JsonProperty("errorMessage") String errorMessage) {
    }

    /** Body of {@code POST …/checkout/payment/b2cPayment}. */
    record Payout(@JsonProperty("amount") String amount,
                  @JsonProperty("currency") String currency,
                  @JsonProperty("merchantInvoiceNumber") String merchantInvoiceNumber,
                  @JsonProperty("receiverMSISDN") String receiverMsisdn) {
    }

    /**
     * Answer of the payout and of {@code GET …/checkout/payment/search/{trxID}}: either a transaction
     * ({@code trxID, transactionStatus, …}) or an error ({@code errorCode, errorMessage}, or {@code statusCode} other
     * than {@code "0000"} in the tokenized flavour), both with HTTP 200.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Answer(@JsonProperty("trxID") String trxId,
                  @JsonProperty("transactionStatus") String transactionStatus,
                  @JsonProperty("merchantInvoiceNumber") String merchantInvoiceNumber,
                  @JsonProperty("errorCode") String errorCode,
                  @JsonProperty("errorMessage") String errorMessage,
                  @JsonProperty("statusCode") String statusCode,
                  @JsonProperty("statusMessage") String statusMessage) {

        /** The error code, or null when the answer is not an error. */
        String error() {
            if (errorCode != null && !errorCode.isBlank()) {
                return errorCode.strip();
            }
            if (statusCode != null && !statusCode.isBlank() && !"0000".equals(statusCode.strip())) {
                return statusCode.strip();
            }
            return null;
        }

        String message() {
            return errorMessage != null ? errorMessage : statusMessage;
        }
    }
}
