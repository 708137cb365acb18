package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Pattern;

import static java.util.Map.entry;

/**
 * Nagad disbursement as the one public client ({@code polygontech/nagad-disbursement}, 2023) speaks it: RSA
 * handshake (one per payout: its challenge is single-use), AES-encrypted instant payout ({@code loan-payment})
 * whose {@code transactionSignature} is HMAC-SHA256 keyed by the merchant's static HMAC key, status query by the
 * payout's own {@code requestDateTime} and {@code rechargeId}. Every error answer lacks {@code sensitiveData};
 * business and account errors come with HTTP 200. The reference is {@code transactionInfo.referenceNo}. Magic
 * accounts: {@code 0180000} + four digits, see the README. Error reasons are mock-chosen: Nagad publishes none.
 */
final class NagadApi implements ProviderApi {

    static final String NAME = "nagad";
    static final String API_VERSION = "v-0.2.0";
    static final String PURPOSE = "loan-payment";

    private static final ZoneId DHAKA = ZoneId.of("Asia/Dhaka");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final Duration CLOCK_TOLERANCE = Duration.ofHours(24);
    private static final Pattern ACCOUNT = Pattern.compile("01[3-9]\\d{8}");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,12}(\\.\\d{1,2})?");
    private static final Pattern RANDOM = Pattern.compile("\\d{20}");
    private static final String MERCHANT_BALANCE = "100000000.00";
    private static final String DUPLICATE = "DUPLICATE_REFERENCE";

    /** Mock-chosen refusals of the payout (Nagad publishes no list); answered with HTTP 200, no sensitiveData. */
    static final Map<String, String> REJECTIONS = Map.ofEntries(
            entry("INSUFFICIENT_BALANCE", "Merchant balance is insufficient"),
            entry("MERCHANT_NOT_ACTIVE", "Merchant is not active"),
            entry("IP_NOT_WHITELISTED", "Request IP is not whitelisted for this merchant"),
            entry("INVALID_ACCOUNT", "Beneficiary account is invalid"),
            entry("ACCOUNT_NOT_FOUND", "Beneficiary is not a Nagad customer"),
            entry("ACCOUNT_INACTIVE", "Beneficiary account state does not allow credit"),
            entry("LIMIT_EXCEEDED", "Beneficiary transaction limit exceeded"),
            entry("INVALID_AMOUNT", "Amount is invalid"));

    /** Wallet suffixes whose status answer disagrees with the payout (the payout itself is made as asked). */
    private static final Map<String, String> DISTORTED_STATUS = Map.of(
            "01800000011", "amount",
            "01800000012", "payee");

    private static final ScenarioTable SCENARIOS = ScenarioTable.withPrefix("0180000", 4)
            .reject("0001", "INSUFFICIENT_BALANCE")
            .reject("0002", "INVALID_ACCOUNT")
            .reject("0003", "ACCOUNT_NOT_FOUND")
            .reject("0004", "ACCOUNT_INACTIVE")
            .reject("0005", "LIMIT_EXCEEDED")
            .reject("0006", "MERCHANT_NOT_ACTIVE")
            .reject("0007", "IP_NOT_WHITELISTED")
            .add("0029", Scenario.of(Scenario.Kind.FORCED_DUPLICATE))
            .build();

    private static final PayoutGate.TransportAnswers TRANSPORT = new PayoutGate.TransportAnswers(
            () -> reject(429, "TOO_MANY_REQUESTS", "Too many requests, try again later"),
            () -> reject(500, "INTERNAL_SERVER_ERROR", "Internal server error"),
            () -> reject(503, "SERVICE_UNAVAILABLE", "Service is temporarily unavailable"));

    /** What the handshake agreed with one merchant; its challenge serves one payout only. */
    private record Session(String keyId, String apiKey, byte[] key, byte[] iv, String challenge,
                           String merchantAggregatorId, Instant expiresAt, AtomicBoolean challengeUsed) {
    }

    /** Request data the status answer repeats, and what it must be asked with. */
    record Details(String issuerTxnId, String merchantId, String merchantAggregatorId, String requestDateTime,
                   String distortion) {
    }

    private final MockState state;
    private final PayoutGate gate;
    private final NagadKeys keys;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentMap<String, Session> sessionsByKeyId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Session> sessionsByApiKey = new ConcurrentHashMap<>();
    private final Set<String> usedRandoms = ConcurrentHashMap.newKeySet();

    NagadApi(MockState state, NagadKeys keys) {
        this.state = state;
        this.gate = new PayoutGate(state);
        this.keys = keys;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Function<Request, ResponseDefinition>> operations() {
        return Map.of("handshake", this::handshake, "payout", this::payout, "status", this::status);
    }

    @Override
    public ResponseDefinition malformed(String message) {
        return reject(400, "INVALID_REQUEST", message);
    }

    private ResponseDefinition handshake(Request request) {
        checkVersionHeaders(request);
        JsonFields body = JsonFields.parse(request.getBodyAsString());
        String aggregatorId = body.requiredText("merchantAggregatorId");
        String requestDateTime = body.requiredText("requestDateTime");
        String nonce = body.requiredText("random");
        String signature = body.requiredText("signature");
        if (!RANDOM.matcher(nonce).matches()) {
            throw new MalformedRequest("random must be 20 decimal digits");
        }
        String headerAggregatorId = request.getHeader("X-KM-MA-Id");
        if (headerAggregatorId != null && !headerAggregatorId.equals(aggregatorId)) {
            return reject(200, "INVALID_MERCHANT", "X-KM-MA-Id does not match merchantAggregatorId");
        }
        if (aggregatorId.equals(request.getHeader("X-KM-MC-Id"))) {
            return reject(200, "INVALID_MERCHANT", "X-KM-MC-Id is the merchant id, not the merchant aggregator id");
        }
        Instant requestTime = parseDateTime(requestDateTime);
        if (Duration.between(requestTime, state.now()).abs().compareTo(CLOCK_TOLERANCE) > 0) {
            return reject(200, "INVALID_REQUEST_TIME", "requestDateTime is too far from the current time");
        }
        if (!NagadCrypto.verify(keys.merchantPublicKey(), aggregatorId + requestDateTime + nonce, signature)) {
            return reject(200, "INVALID_SIGNATURE",
                    "signature must be SHA256withRSA over merchantAggregatorId + requestDateTime + random");
        }
        if (!usedRandoms.add(aggregatorId + '\u0000' + nonce)) {
            return reject(400, "DUPLICATE_RANDOM", "random was already used in an earlier handshake");
        }
        Session session = new Session("KID" + hex(8), UUID.randomUUID().toString(), bytes(16), bytes(16), hex(16),
                aggregatorId, state.now().plus(state.tokenTtl()), new AtomicBoolean());
        sessionsByKeyId.put(session.keyId(), session);
        sessionsByApiKey.put(session.apiKey(), session);
        String secret = Json.write(JsonAnswer.object(
                "key", Base64.getEncoder().encodeToString(session.key()),
                "iv", Base64.getEncoder().encodeToString(session.iv()),
                "keyId", session.keyId(),
                "challenge", session.challenge()));
        state.log("nagad handshake for " + aggregatorId + " gave keyId " + session.keyId());
        return JsonAnswer.json(200, JsonAnswer.object(
                        "sensitiveData", NagadCrypto.rsaEncrypt(keys.merchantPublicKey(), secret),
                        "signature", NagadCrypto.sign(keys.nagadPrivateKey(), secret)),
                "X-KM-Api-Key", session.apiKey());
    }

    private ResponseDefinition payout(Request request) {
        checkVersionHeaders(request);
        Session session = sessionsByKeyId.get(queryParameter(request, "key-id"));
        if (session == null || session.expiresAt().isBefore(state.now())) {
            return reject(401, "INVALID_KEY_ID", "unknown or expired key-id, do the handshake again");
        }
        if (!session.apiKey().equals(request.getHeader("X-KM-Api-Key"))) {
            return reject(401, "INVALID_API_KEY", "X-KM-Api-Key does not belong to this key-id");
        }
        if (!session.merchantAggregatorId().equals(queryParameter(request, "ma-id"))
                || !session.merchantAggregatorId().equals(request.getHeader("X-KM-MA-Id"))) {
            return reject(200, "INVALID_MERCHANT", "ma-id and X-KM-MA-Id must be the handshake's merchantAggregatorId");
        }
        String plainText;
        try {
            plainText = NagadCrypto.aesDecrypt(session.key(), session.iv(),
                    JsonFields.parse(request.getBodyAsString()).requiredText("sensitiveData"));
        } catch (NagadCrypto.CryptoFailure e) {
            return reject(400, "DECRYPTION_FAILED", "sensitiveData is not AES-128-CBC with the session key and iv");
        }
        if (!session.challengeUsed().compareAndSet(false, true)) {
            return reject(400, "CHALLENGE_ALREADY_USED", "this handshake's challenge was used; do a new handshake");
        }
        String rawInfo = RawJson.member(plainText, "transactionInfo")
                .orElseThrow(() -> new MalformedRequest("transactionInfo is required"));
        String signedText = rawInfo.startsWith("\"") ? Json.read(rawInfo, String.class) : rawInfo;
        String expectedSignature = NagadCrypto.hmacSha256(keys.merchantHmacKey(), signedText);
        if (!expectedSignature.equals(JsonFields.parse(plainText).text("transactionSignature"))) {
            return reject(200, "INVALID_SIGNATURE", "transactionSignature must be Base64(HMAC-SHA256(merchant HMAC"
                    + " key, transactionInfo JSON as sent)); the key is the one uploaded in the merchant portal");
        }
        JsonFields info = JsonFields.parse(signedText);
        if (!session.challenge().equals(info.text("challenge"))) {
            return reject(400, "INVALID_CHALLENGE", "challenge does not match the handshake");
        }
        return execute(request, info, session);
    }

    private ResponseDefinition execute(Request request, JsonFields info, Session session) {
        JsonFields beneficiary = info.object("beneficiaryInfo");
        if (!"M".equals(beneficiary.text("accountNoType")) || !"00".equals(beneficiary.text("userType"))) {
            throw new MalformedRequest("beneficiaryInfo needs accountNoType \"M\" and userType \"00\"");
        }
        if (!"050".equals(info.text("currency"))) {
            throw new MalformedRequest("currency must be \"050\" (BDT)");
        }
        if (!"APP".equals(info.text("channel"))) {
            throw new MalformedRequest("channel must be \"APP\"");
        }
        if (!PURPOSE.equals(info.text("purpose"))) {
            throw new MalformedRequest("purpose must be \"" + PURPOSE + "\"");
        }
        JsonFields additional = info.object("txnAdditionalInfo");
        additional.requiredText("disbursementProductId");
        additional.requiredText("description");
        if (!additional.has("notificationId")) {
            throw new MalformedRequest("txnAdditionalInfo.notificationId is required (it may be empty)");
        }
        String requestDateTime = info.requiredText("requestDateTime");
        parseDateTime(requestDateTime);
        String merchantId = info.requiredText("merchantId");
        String headerMerchantId = request.getHeader("X-KM-MC-Id");
        if (headerMerchantId != null && !headerMerchantId.equals(merchantId)) {
            return reject(200, "INVALID_MERCHANT", "X-KM-MC-Id does not match merchantId");
        }
        if (merchantId.equals(session.merchantAggregatorId())) {
            return reject(200, "INVALID_MERCHANT", "merchantId is the merchant aggregator id, not the merchant id");
        }
        String reference = info.requiredText("referenceNo");
        String amount = info.requiredText("amount");
        String account = beneficiary.requiredText("accountNo");
        if (!AMOUNT.matcher(amount).matches() || new BigDecimal(amount).signum() <= 0) {
            return rejection("INVALID_AMOUNT");
        }
        if (!ACCOUNT.matcher(account).matches()) {
            return rejection("INVALID_ACCOUNT");
        }

        Scenario scenario = SCENARIOS.forWallet(account);
        Optional<ResponseDefinition> transportRefusal = gate.refuseBeforeRecording(scenario, TRANSPORT);
        if (transportRefusal.isPresent()) {
            return transportRefusal.get();
        }
        if (scenario.is(Scenario.Kind.REJECTED)) {
            return rejection(scenario.code());
        }
        if (scenario.is(Scenario.Kind.FORCED_DUPLICATE)) {
            return duplicate();
        }
        Details details = new Details("ISS" + hex(6).toUpperCase(), merchantId, session.merchantAggregatorId(),
                requestDateTime, DISTORTED_STATUS.get(account));
        Transfer transfer = new Transfer(NAME, reference, amount, "BDT", account, state.journal().nextId("NG"),
                scenario, state.now(), details);
        if (!state.journal().register(transfer)) {
            state.log("nagad duplicate referenceNo " + reference);
            return duplicate();
        }
        transfer.complete(state.now());
        boolean lost = gate.answerLost(scenario);
        state.log("nagad paid " + reference + " " + amount + " BDT to " + WalletMask.mask(account)
                + (lost ? " (answer lost)" : ""));
        String answer = Json.write(JsonAnswer.object(
                "referenceNo", reference,
                "rechargeId", transfer.providerTransactionId(),
                "issuerTxnId", details.issuerTxnId(),
                "merchantBalance", MERCHANT_BALANCE,
                "issuerTxnDt", DATE_TIME.format(transfer.acceptedAt().atZone(DHAKA)),
                "requestDateTime", requestDateTime));
        return gate.deliver(scenario, lost, JsonAnswer.json(200, JsonAnswer.object(
                "sensitiveData", NagadCrypto.aesEncrypt(session.key(), session.iv(), answer))));
    }

    /**
     * Plain JSON {@code {status, statusCode, reason, devMessage, …}}. Asked with the payout's own requestDateTime,
     * its referenceNo and its rechargeId; any of them wrong and the mock (mock-chosen) knows no such transaction.
     */
    private ResponseDefinition status(Request request) {
        Session session = sessionsByApiKey.get(String.valueOf(request.getHeader("X-KM-Api-Key")));
        if (session == null || session.expiresAt().isBefore(state.now())) {
            return reject(401, "INVALID_API_KEY", "X-KM-Api-Key is unknown or expired, do the handshake again");
        }
        String requestDateTime = requiredQueryParameter(request, "requestDateTime");
        parseDateTime(requestDateTime);
        String reference = requiredQueryParameter(request, "referenceNo");
        String rechargeId = requiredQueryParameter(request, "rechargeId");
        Optional<Transfer> found = state.journal().byReference(NAME, reference)
                .filter(transfer -> rechargeId.equals(transfer.providerTransactionId()))
                .filter(transfer -> requestDateTime.equals(transfer.details(Details.class).requestDateTime()));
        if (found.isEmpty()) {
            return JsonAnswer.json(404, JsonAnswer.object("status", "NOT_FOUND", "statusCode", "404",
                    "reason", "TRANSACTION_NOT_FOUND",
                    "devMessage", "No transaction with this requestDateTime, referenceNo and rechargeId"));
        }
        Transfer transfer = found.get();
        Details details = transfer.details(Details.class);
        Transfer.Snapshot snapshot = transfer.snapshot();
        String amount = "amount".equals(details.distortion())
                ? new BigDecimal(transfer.amount()).add(BigDecimal.ONE).toPlainString() : transfer.amount();
        String customer = "payee".equals(details.distortion()) ? "01799999999" : transfer.wallet();
        return JsonAnswer.json(200, JsonAnswer.object(
                "status", snapshot.status() == TransferStatus.COMPLETED ? "COMPLETED" : snapshot.status().name(),
                "statusCode", "000",
                "reason", null,
                "devMessage", "Successful",
                "merchantId", details.merchantId(),
                "merchantAggregatorId", details.merchantAggregatorId(),
                "amount", amount,
                "customerMobileNo", customer,
                "requestDateTime", details.requestDateTime(),
                "referenceNo", transfer.reference(),
                "rechargeId", transfer.providerTransactionId(),
                "issuerTxnId", details.issuerTxnId(),
                "issuerTxnDateTime", snapshot.executedAt() == null ? null
                        : DATE_TIME.format(snapshot.executedAt().atZone(DHAKA))));
    }

    private void checkVersionHeaders(Request request) {
        if (!API_VERSION.equals(request.getHeader("X-KM-Api-Version"))) {
            throw new MalformedRequest("X-KM-Api-Version must be " + API_VERSION);
        }
        if (request.getHeader("X-KM-Client-Type") == null) {
            throw new MalformedRequest("X-KM-Client-Type is required");
        }
    }

    private static Instant parseDateTime(String value) {
        try {
            return LocalDateTime.parse(value, DATE_TIME).atZone(DHAKA).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedRequest("requestDateTime must be yyyyMMddHHmmss");
        }
    }

    private static String queryParameter(Request request, String name) {
        QueryParameter parameter = request.queryParameter(name);
        return parameter.isPresent() ? parameter.firstValue() : null;
    }

    private static String requiredQueryParameter(Request request, String name) {
        String value = queryParameter(request, name);
        if (value == null || value.isBlank()) {
            throw new MalformedRequest(name + " is required");
        }
        return value;
    }

    private static ResponseDefinition rejection(String reason) {
        return reject(200, reason, REJECTIONS.get(reason));
    }

    private static ResponseDefinition duplicate() {
        return reject(200, DUPLICATE, "referenceNo was already used");
    }

    private static ResponseDefinition reject(int status, String reason, String message) {
        return JsonAnswer.json(status, JsonAnswer.object("reason", reason, "message", message));
    }

    private byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private String hex(int byteCount) {
        return HexFormat.of().formatHex(bytes(byteCount));
    }
}
