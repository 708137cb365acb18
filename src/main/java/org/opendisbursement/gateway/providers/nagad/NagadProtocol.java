package org.opendisbursement.gateway.providers.nagad;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.opendisbursement.gateway.dispatch.ProviderSettings;

/**
 * The fixed parts of Nagad's disbursement protocol: paths, headers, the request time format and the conversions of
 * wallet numbers and amounts into Nagad's forms. Credentials read here: {@code merchant-id} and
 * {@code aggregator-id} (the merchant aggregator id; defaults to the merchant id).
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
    static final String PURPOSE = "Cash support";

    private static final DateTimeFormatter REQUEST_DATE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneId.of("Asia/Dhaka"));
    private static final Pattern BANGLADESH_MOBILE = Pattern.compile("\\+8801[3-9]\\d{8}");

    private NagadProtocol() {
    }

    /** Now, as Nagad wants it: {@code yyyyMMddHHmmss} in Asia/Dhaka. */
    static String requestDateTime(Clock clock) {
        return REQUEST_DATE_TIME.format(clock.instant());
    }

    /** {@code +8801712345678} → {@code 01712345678}; null when the number is not a Bangladeshi mobile number. */
    static String localWallet(String walletE164) {
        if (walletE164 == null || !BANGLADESH_MOBILE.matcher(walletE164.strip()).matches()) {
            return null;
        }
        return "0" + walletE164.strip().substring(4);
    }

    /** Minor units to Nagad's decimal text: 250000 BDT → {@code 2500.00}; null unless a positive BDT amount. */
    static String amount(long amountMinor, String currency) {
        if (amountMinor <= 0 || !"BDT".equals(currency)) {
            return null;
        }
        int fractionDigits = Currency.getInstance(currency).getDefaultFractionDigits();
        return BigDecimal.valueOf(amountMinor).movePointLeft(fractionDigits).toPlainString();
    }

    static String merchantId(ProviderSettings settings) {
        return settings.credential("merchant-id");
    }

    static String aggregatorId(ProviderSettings settings) {
        String aggregatorId = settings.credentials().get("aggregator-id");
        return aggregatorId == null || aggregatorId.isBlank() ? merchantId(settings) : aggregatorId;
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
