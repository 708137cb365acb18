package org.opendisbursement.gateway.providers.nagad;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The JSON bodies of Nagad's disbursement API, in the field order of the one public client
 * ({@code polygontech/nagad-disbursement}). Answers ignore unknown fields; request records keep their field order, so
 * the transactionInfo text (which the HMAC covers) is the client's text for the same values.
 */
final class NagadMessages {

    private NagadMessages() {
    }

    /** POST …/api/secure-handshake/dfs/disbursement */
    @JsonPropertyOrder({"merchantAggregatorId", "requestDateTime", "random", "signature"})
    record HandshakeRequest(String merchantAggregatorId, String requestDateTime, String random, String signature) {
    }

    /** The handshake answer's body; the API key comes in the {@code X-KM-Api-Key} header. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record HandshakeAnswer(String sensitiveData, String signature) {
    }

    /** The decrypted {@code sensitiveData} of the handshake: Base64 AES key and iv, the key id and the challenge. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SessionSecret(String key, String iv, String keyId, String challenge) {
        @Override
        public String toString() {
            return "SessionSecret[keyId=" + keyId + "]";
        }
    }

    @JsonPropertyOrder({"accountNoType", "accountNo", "userType"})
    record BeneficiaryInfo(String accountNoType, String accountNo, String userType) {
        @Override
        public String toString() {
            return "BeneficiaryInfo[accountNoType=" + accountNoType + ", userType=" + userType + "]";
        }
    }

    /** Programme words only (product id, description, notification id): never personal data. */
    @JsonPropertyOrder({"disbursementProductId", "description", "notificationId"})
    record TxnAdditionalInfo(String disbursementProductId, String description, String notificationId) {
    }

    /** The signed part of a payout; its JSON text is what the transactionSignature HMAC covers. */
    @JsonPropertyOrder({"beneficiaryInfo", "merchantId", "amount", "currency", "requestDateTime", "referenceNo",
            "channel", "challenge", "purpose", "txnAdditionalInfo"})
    record TransactionInfo(BeneficiaryInfo beneficiaryInfo, String merchantId, String amount, String currency,
                           String requestDateTime, String referenceNo, String channel, String challenge,
                           String purpose, TxnAdditionalInfo txnAdditionalInfo) {
        @Override
        public String toString() {
            return "TransactionInfo[referenceNo=" + referenceNo + ", amount=" + amount + "]";
        }
    }

    /** A secure-session body: {@code {"sensitiveData": Base64(AES(plainJson))}}, and the success answer alike. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Encrypted(String sensitiveData) {
    }

    /** The decrypted success answer of a payout. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PayoutAnswer(String referenceNo, String rechargeId, String issuerTxnId, String merchantBalance,
                        String issuerTxnDt, String requestDateTime) {
    }

    /**
     * GET …/api/dfs/recharge/status (plain JSON): {@code {status, statusCode, reason, devMessage}} and, as the client
     * reads them when present, the payout's facts. {@code customerMobileNo} is never logged.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record StatusAnswer(String status, String statusCode, String reason, String devMessage, String merchantId,
                        String amount, String currency, String customerMobileNo, String referenceNo,
                        String rechargeId, String issuerTxnId, String issuerTxnDateTime, String requestDateTime) {
        @Override
        public String toString() {
            return "StatusAnswer[status=" + status + ", statusCode=" + statusCode + ", reason=" + reason + "]";
        }
    }

    /** Every error: {@code {reason, message}}, and no {@code sensitiveData}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ErrorAnswer(String reason, String message) {
    }
}
