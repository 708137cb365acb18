package org.opendisbursement.gateway.providers.bkash;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The JSON of bKash Checkout 1.2.0-beta ({@code …/v1.2.0-beta/checkout/…}) the gateway reads and writes. Amounts and
 * numbers are strings; business errors come as HTTP 200 with {@code errorCode}/{@code errorMessage}.
 */
final class BkashMessages {

    private BkashMessages() {
    }

    /** Body of {@code POST {base}/token/grant}; the username and password travel as headers. */
    record GrantRequest(@JsonProperty("app_key") String appKey, @JsonProperty("app_secret") String appSecret) {
    }

    /** Body of {@code POST {base}/token/refresh}; headers as for the grant. */
    record RefreshRequest(@JsonProperty("app_key") String appKey, @JsonProperty("app_secret") String appSecret,
                          @JsonProperty("refresh_token") String refreshToken) {
    }

    /** Answer of the grant and the refresh ({@code expires_in} is a string in the OpenAPI, a number in practice). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenAnswer(@JsonProperty("id_token") String idToken,
                       @JsonProperty("refresh_token") String refreshToken,
                       @JsonProperty("expires_in") String expiresIn,
                       @JsonProperty("statusCode") String statusCode,
                       @JsonProperty("errorCode") String errorCode,
                       @JsonProperty("errorMessage") String errorMessage) {

        String error() {
            if (errorCode != null && !errorCode.isBlank()) {
                return errorCode.strip();
            }
            if (statusCode != null && !statusCode.isBlank() && !"0000".equals(statusCode.strip())) {
                return statusCode.strip();
            }
            return idToken == null || idToken.isBlank() ? "NO_TOKEN" : null;
        }

        long lifetimeSeconds() {
            try {
                long seconds = Long.parseLong(expiresIn == null ? "" : expiresIn.strip());
                return seconds > 0 ? seconds : 3600;
            } catch (NumberFormatException e) {
                return 3600;
            }
        }
    }

    /** Body of {@code POST {base}/payment/b2cPayment}. */
    record Payout(@JsonProperty("amount") String amount,
                  @JsonProperty("currency") String currency,
                  @JsonProperty("merchantInvoiceNumber") String merchantInvoiceNumber,
                  @JsonProperty("receiverMSISDN") String receiverMsisdn) {
    }

    /**
     * Answer of {@code b2cPayment} and of {@code GET {base}/payment/search/{trxID}}: a transaction or an error. The
     * payout answer names the wallet {@code receiverMSISDN}, the search answer {@code customerMsisdn}; the search
     * carries the invoice as {@code transactionReference} (some deployments also as {@code merchantInvoiceNumber}).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Answer(@JsonProperty("trxID") String trxId,
                  @JsonProperty("transactionStatus") String transactionStatus,
                  @JsonProperty("amount") String amount,
                  @JsonProperty("currency") String currency,
                  @JsonProperty("merchantInvoiceNumber") String merchantInvoiceNumber,
                  @JsonProperty("transactionReference") String transactionReference,
                  @JsonProperty("receiverMSISDN") String receiverMsisdn,
                  @JsonProperty("customerMsisdn") String customerMsisdn,
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

        String wallet() {
            return receiverMsisdn != null ? receiverMsisdn : customerMsisdn;
        }

        String invoice() {
            return merchantInvoiceNumber != null ? merchantInvoiceNumber : transactionReference;
        }
    }

    /** Answer of {@code GET {base}/payment/organizationBalance}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record BalanceAnswer(@JsonProperty("organizationBalance") List<Balance> organizationBalance,
                         @JsonProperty("errorCode") String errorCode) {
    }

    /** One of the organisation's wallets (collection, disbursement, …). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Balance(@JsonProperty("accountTypeName") String accountTypeName,
                   @JsonProperty("accountStatus") String accountStatus,
                   @JsonProperty("availableBalance") String availableBalance,
                   @JsonProperty("currentBalance") String currentBalance,
                   @JsonProperty("currency") String currency) {
    }
}
