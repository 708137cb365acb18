package org.opendisbursement.gateway.providers.nagad;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.opendisbursement.gateway.dispatch.ProviderSettings;
import org.opendisbursement.gateway.money.Money;

/**
 * The fixed parts of Nagad's disbursement protocol, as the one public client ({@code polygontech/nagad-disbursement},
 * 2023) speaks it: paths, headers, the request time format, the 20-digit handshake random, the payout's
 * {@code purpose} and {@code txnAdditionalInfo}, and the conversions of wallet numbers, amounts and references.
 *
 * <p>Credentials read here: {@code merchant-id} (MC, {@code X-KM-MC-Id} and {@code transactionInfo.merchantId}) and
 * {@code aggregator-id} (MA, {@code X-KM-MA-Id}, {@code ma-id} and the handshake's {@code merchantAggregatorId}) —
 * two distinct ids, both required; {@code disbursement-product-id} (required); {@code description} (default
 * {@value #DEFAULT_DESCRIPTION}) and {@code notification-id} (default empty, as the client sends it) — programme
 * words only, never personal data; {@code reference-format}: {@code uuid} (default, the reference's 36-character
 * text) or {@code hex} (its 32 hex digits, in case Nagad limits {@code referenceNo}).
 */
final class NagadProtocol {

    static final String HANDSHAKE_PATH = "/api/secure-handshake/dfs/disbursement";
    static final String PAYOUT_PATH = "/api/secure-session/dfs/recharge/loan-payment";
    static final String STATUS_PATH = "/api/dfs/recharge/status";

    static final String API_VERSION = "v-0.2.0";
    static final String CLIENT_TYPE = "PC_WEB";
    /** ISO 4217 numeric code of BDT, the only currency Nagad pays. */
    static final String CURRENCY_BDT = "050";
    static final String CHANNEL = "APP";
    static final String ACCOUNT_NO_TYPE_MOBILE = "M";
    static final String USER_TYPE = "00";
    /** The client's one purpose for an instant disbursement. */
    static final String PURPOSE = "loan-payment";
    static final String DEFAULT_DESCRIPTION = "Cash support";

    private static final DateTimeFormatter REQUEST_DATE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneId.of("Asia/Dhaka"));
    private static final Pattern BANGLADESH_MOBILE = Pattern.compile("\\+8801[3-9]\\d{8}");
    private static final Pattern HEX_REFERENCE = Pattern.compile("[0-9a-fA-F]{32}");

    private NagadProtocol() {
    }

    /** Now, as Nagad wants it: {@code yyyyMMddHHmmss} in Asia/Dhaka. */
    static String requestDateTime(Clock clock) {
        return REQUEST_DATE_TIME.format(clock.instant());
    }

    /** The handshake's {@code random}: 20 decimal digits, as the client makes it. */
    static String random(RandomGenerator random) {
        StringBuilder digits = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    /** {@code +8801712345678} → {@code 01712345678}; null when the number is not a Bangladeshi mobile number. */
    static String localWallet(String walletE164) {
        if (walletE164 == null || !BANGLADESH_MOBILE.matcher(walletE164.strip()).matches()) {
            return null;
        }
        return "0" + walletE164.strip().substring(4);
    }

    /**
     * A wallet as Nagad reports it, in E.164 digits: {@code 01712345678} → {@code +8801712345678},
     * {@code 8801712345678} → {@code +8801712345678}; anything else as it came (masked numbers included), so
     * that the comparison with the payout decides.
     */
    static String e164(String reported) {
        if (reported == null || reported.isBlank()) {
            return null;
        }
        String wallet = reported.strip().replaceAll("[\\s-]", "");
        if (wallet.startsWith("+")) {
            return wallet;
        }
        if (wallet.startsWith("880")) {
            return "+" + wallet;
        }
        if (wallet.startsWith("01")) {
            return "+88" + wallet;
        }
        return wallet;
    }

    /** Minor units to Nagad's decimal text: 250000 BDT → {@code 2500.00}; null unless a positive BDT amount. */
    static String amount(long amountMinor, String currency) {
        if (amountMinor <= 0 || !"BDT".equals(currency)) {
            return null;
        }
        return Money.ofMinor(amountMinor, currency).plainMajor();
    }

    /** Nagad's amount text in minor units of BDT; -1 when unreadable (so that it can never agree with a payout). */
    static Long amountMinor(String reported) {
        if (reported == null || reported.isBlank()) {
            return null;
        }
        try {
            return Money.parseMajor(reported.strip(), Currency.getInstance("BDT")).minor();
        } catch (RuntimeException unreadable) {
            return -1L;
        }
    }

    /** Nagad's currency as ISO 4217 letters: {@code 050} → {@code BDT}; null when not said. */
    static String currency(String reported) {
        if (reported == null || reported.isBlank()) {
            return null;
        }
        return CURRENCY_BDT.equals(reported.strip()) ? "BDT" : reported.strip();
    }

    /** The payout's {@code referenceNo}: the reference in the configured form (see the class comment). */
    static String referenceNo(UUID reference, ProviderSettings settings) {
        String format = settings.credentials().getOrDefault("reference-format", "uuid").strip();
        return switch (format) {
            case "uuid" -> reference.toString();
            case "hex" -> reference.toString().replace("-", "");
            default -> throw new IllegalStateException("reference-format must be uuid or hex");
        };
    }

    /** A {@code referenceNo} Nagad echoes, back in the gateway's form (the UUID text) where it is one of ours. */
    static String gatewayReference(String referenceNo) {
        if (referenceNo == null || referenceNo.isBlank()) {
            return null;
        }
        String echoed = referenceNo.strip();
        if (HEX_REFERENCE.matcher(echoed).matches()) {
            return (echoed.substring(0, 8) + "-" + echoed.substring(8, 12) + "-" + echoed.substring(12, 16) + "-"
                    + echoed.substring(16, 20) + "-" + echoed.substring(20)).toLowerCase(Locale.ROOT);
        }
        return echoed;
    }

    static String merchantId(ProviderSettings settings) {
        return settings.credential("merchant-id");
    }

    /** The merchant aggregator id: required, and never the merchant id (Nagad issues two ids). */
    static String aggregatorId(ProviderSettings settings) {
        String aggregatorId = settings.credential("aggregator-id");
        if (aggregatorId.equals(merchantId(settings))) {
            throw new IllegalStateException("aggregator-id (MA) must be the merchant aggregator id Nagad issued, not"
                    + " the merchant id (MC)");
        }
        return aggregatorId;
    }

    static String productId(ProviderSettings settings) {
        return settings.credential("disbursement-product-id");
    }

    static String description(ProviderSettings settings) {
        String description = settings.credentials().get("description");
        return description == null || description.isBlank() ? DEFAULT_DESCRIPTION : description.strip();
    }

    static String notificationId(ProviderSettings settings) {
        String notificationId = settings.credentials().get("notification-id");
        return notificationId == null ? "" : notificationId.strip();
    }

    static String url(ProviderSettings settings, String path) {
        String base = settings.baseUrl();
        if (base == null || base.isBlank()) {
            throw new IllegalStateException("disbursement.providers.nagad.base-url is not set");
        }
        return base.replaceAll("/+$", "") + path;
    }

    static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The headers of every call; {@code apiKey} (from the handshake) is null for the handshake itself. */
    static Map<String, String> headers(ProviderSettings settings, String apiKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        headers.put("X-KM-Api-Version", API_VERSION);
        headers.put("X-KM-Client-Type", CLIENT_TYPE);
        headers.put("X-KM-MC-Id", merchantId(settings));
        headers.put("X-KM-MA-Id", aggregatorId(settings));
        if (apiKey != null) {
            headers.put("X-KM-Api-Key", apiKey);
        }
        return headers;
    }
}
