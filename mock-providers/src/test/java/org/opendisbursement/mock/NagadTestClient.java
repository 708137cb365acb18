package org.opendisbursement.mock;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The gateway's side of the Nagad protocol, as the tests play it: signs with the TEST merchant private
 * key, checks answers with the TEST Nagad public key and signs payouts with the TEST merchant HMAC key,
 * all from mock-providers/keys/.
 */
final class NagadTestClient {

    static final String MERCHANT_ID = "683002007104225";
    static final String AGGREGATOR_ID = "683001003835399";
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    record Session(String apiKey, byte[] key, byte[] iv, String keyId, String challenge) {
    }

    /** A payout as sent: its requestDateTime is what the status query must repeat. */
    record Sent(HttpResponse<String> response, String requestDateTime) {
    }

    private final MockHttp http;
    private final PrivateKey merchantPrivateKey;
    private final PublicKey nagadPublicKey;

    NagadTestClient(MockHttp http) throws IOException {
        this(http, key("test-only-merchant-private.pem"));
    }

    NagadTestClient(MockHttp http, String merchantPrivateKeyPem) throws IOException {
        this.http = http;
        this.merchantPrivateKey = NagadCrypto.privateKeyFromPem(merchantPrivateKeyPem);
        this.nagadPublicKey = NagadCrypto.publicKeyFromPem(key("test-only-nagad-mock-public.pem"));
    }

    static byte[] hmacKey() throws IOException {
        return NagadKeys.hexKey(key(NagadKeys.MERCHANT_HMAC_KEY_FILE));
    }

    static String key(String file) throws IOException {
        return Files.readString(Path.of("keys", file), StandardCharsets.US_ASCII);
    }

    static String now() {
        return LocalDateTime.now(ZoneId.of("Asia/Dhaka")).format(DATE_TIME);
    }

    HttpResponse<String> handshakeResponse() throws IOException {
        String dateTime = now();
        StringBuilder random = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            random.append(ThreadLocalRandom.current().nextInt(10));
        }
        String body = MockHttp.write(Map.of(
                "merchantAggregatorId", AGGREGATOR_ID,
                "requestDateTime", dateTime,
                "random", random.toString(),
                "signature", NagadCrypto.sign(merchantPrivateKey, AGGREGATOR_ID + dateTime + random)));
        return http.post("/api/secure-handshake/dfs/disbursement", body, headers(null));
    }

    /** Handshake, with the answer's signature checked and its secret decrypted. */
    Session handshake() throws IOException {
        HttpResponse<String> response = handshakeResponse();
        if (response.statusCode() != 200) {
            throw new AssertionError("handshake failed: " + response.statusCode() + " " + response.body());
        }
        Map<String, Object> answer = MockHttp.json(response.body());
        String secret = NagadCrypto.rsaDecrypt(merchantPrivateKey, (String) answer.get("sensitiveData"));
        if (!NagadCrypto.verify(nagadPublicKey, secret, (String) answer.get("signature"))) {
            throw new AssertionError("handshake answer not signed by the Nagad test key");
        }
        Map<String, Object> fields = MockHttp.json(secret);
        return new Session(
                response.headers().firstValue("X-KM-Api-Key").orElseThrow(),
                Base64.getDecoder().decode((String) fields.get("key")),
                Base64.getDecoder().decode((String) fields.get("iv")),
                (String) fields.get("keyId"),
                (String) fields.get("challenge"));
    }

    /** The transactionInfo JSON text, as the HMAC covers it. */
    static String transactionInfo(Session session, String referenceNo, String account, String amount,
                                  String requestDateTime, String purpose) {
        return "{\"beneficiaryInfo\":{\"accountNoType\":\"M\",\"accountNo\":\"" + account + "\",\"userType\":\"00\"},"
                + "\"merchantId\":\"" + MERCHANT_ID + "\",\"amount\":\"" + amount + "\",\"currency\":\"050\","
                + "\"requestDateTime\":\"" + requestDateTime + "\",\"referenceNo\":\"" + referenceNo + "\","
                + "\"channel\":\"APP\",\"challenge\":\"" + session.challenge() + "\",\"purpose\":\"" + purpose + "\","
                + "\"txnAdditionalInfo\":{\"disbursementProductId\":\"test-product\",\"description\":\"Cash support\","
                + "\"notificationId\":\"\"}}";
    }

    static String transactionInfo(Session session, String referenceNo, String account, String amount) {
        return transactionInfo(session, referenceNo, account, amount, now(), "loan-payment");
    }

    /** The plain body: the transactionInfo text and its HMAC under the merchant's static key. */
    static String signed(String info) throws IOException {
        return "{\"transactionSignature\":\"" + NagadCrypto.hmacSha256(hmacKey(), info)
                + "\",\"transactionInfo\":" + info + "}";
    }

    HttpResponse<String> payout(Session session, String referenceNo, String account, String amount) throws IOException {
        return send(session, referenceNo, account, amount).response();
    }

    Sent send(Session session, String referenceNo, String account, String amount) throws IOException {
        String requestDateTime = now();
        String info = transactionInfo(session, referenceNo, account, amount, requestDateTime, "loan-payment");
        return new Sent(payoutRaw(session, signed(info)), requestDateTime);
    }

    /** Posts an already built plain-text body, encrypted with the session key. */
    HttpResponse<String> payoutRaw(Session session, String plainJson) throws IOException {
        String body = MockHttp.write(Map.of(
                "sensitiveData", NagadCrypto.aesEncrypt(session.key(), session.iv(), plainJson)));
        return http.post("/api/secure-session/dfs/recharge/loan-payment?key-id=" + session.keyId()
                + "&ma-id=" + AGGREGATOR_ID, body, headers(session.apiKey()));
    }

    Map<String, Object> decrypt(Session session, HttpResponse<String> response) {
        String sensitiveData = (String) MockHttp.json(response.body()).get("sensitiveData");
        return MockHttp.json(NagadCrypto.aesDecrypt(session.key(), session.iv(), sensitiveData));
    }

    HttpResponse<String> status(Session session, String requestDateTime, String referenceNo, String rechargeId)
            throws IOException {
        return http.get("/api/dfs/recharge/status?requestDateTime=" + requestDateTime + "&referenceNo=" + referenceNo
                + "&rechargeId=" + rechargeId, headers(session.apiKey()));
    }

    private static String[] headers(String apiKey) {
        if (apiKey == null) {
            return new String[] {"X-KM-MC-Id", MERCHANT_ID, "X-KM-MA-Id", AGGREGATOR_ID,
                    "X-KM-Api-Version", "v-0.2.0", "X-KM-Client-Type", "PC_WEB"};
        }
        return new String[] {"X-KM-MC-Id", MERCHANT_ID, "X-KM-MA-Id", AGGREGATOR_ID,
                "X-KM-Api-Version", "v-0.2.0", "X-KM-Client-Type", "PC_WEB", "X-KM-Api-Key", apiKey};
    }
}
