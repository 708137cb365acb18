package org.opendisbursement.mock;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bKash mock's own knobs and counters, set with {@code POST /__mock/bkash} (read with {@code GET}):
 * {@code duplicateWindowMs} (2029 window: same wallet, same amount; default 60000), {@code balance} (the
 * disbursement wallet's available balance in {@code organizationBalance}, taka text), {@code grantRefused} (token
 * grant and refresh answer an error), {@code faultCode} (every payout answers this code, e.g. 2067), and
 * {@code reset: true}. Counters: {@code grants}, {@code refreshes}, {@code balanceReads}.
 */
final class BkashMockControls {

    static final long DEFAULT_WINDOW_MS = 60_000;
    static final String DEFAULT_BALANCE = "100000000.00";

    private volatile long duplicateWindowMs = DEFAULT_WINDOW_MS;
    private volatile String balance = DEFAULT_BALANCE;
    private volatile boolean grantRefused;
    private volatile String faultCode;
    final AtomicLong grants = new AtomicLong();
    final AtomicLong refreshes = new AtomicLong();
    final AtomicLong balanceReads = new AtomicLong();
    private final Map<String, Instant> lastPaid = new ConcurrentHashMap<>();

    synchronized void update(JsonFields body) {
        if (body.has("reset") && "true".equals(String.valueOf(body.values().get("reset")))) {
            duplicateWindowMs = DEFAULT_WINDOW_MS;
            balance = DEFAULT_BALANCE;
            grantRefused = false;
            faultCode = null;
            lastPaid.clear();
            grants.set(0);
            refreshes.set(0);
            balanceReads.set(0);
        }
        if (body.has("duplicateWindowMs")) {
            duplicateWindowMs = Long.parseLong(String.valueOf(body.values().get("duplicateWindowMs")));
        }
        if (body.has("balance")) {
            balance = new BigDecimal(String.valueOf(body.values().get("balance"))).setScale(2).toPlainString();
        }
        if (body.has("grantRefused")) {
            grantRefused = Boolean.parseBoolean(String.valueOf(body.values().get("grantRefused")));
        }
        if (body.has("faultCode")) {
            Object code = body.values().get("faultCode");
            faultCode = code == null || String.valueOf(code).isBlank() || "null".equals(String.valueOf(code))
                    ? null : String.valueOf(code);
        }
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("duplicateWindowMs", duplicateWindowMs);
        map.put("balance", balance);
        map.put("grantRefused", grantRefused);
        map.put("faultCode", faultCode);
        map.put("grants", grants.get());
        map.put("refreshes", refreshes.get());
        map.put("balanceReads", balanceReads.get());
        return map;
    }

    boolean grantRefused() {
        return grantRefused;
    }

    String faultCode() {
        return faultCode;
    }

    String balance() {
        return balance;
    }

    /**
     * Whether a payment of {@code amount} to {@code wallet} now falls within the window of an earlier one (2029);
     * if not, the payment is recorded as the latest. Atomic per wallet and amount.
     */
    boolean withinWindow(String wallet, String amount, Instant now) {
        String key = wallet + "|" + new BigDecimal(amount).stripTrailingZeros().toPlainString();
        boolean[] refused = {false};
        lastPaid.compute(key, (k, last) -> {
            if (last != null && Duration.between(last, now).toMillis() < duplicateWindowMs) {
                refused[0] = true;
                return last;
            }
            return now;
        });
        return refused[0];
    }

    /** Takes back the record of a payment that was not executed after all. */
    void forget(String wallet, String amount, Instant at) {
        lastPaid.remove(wallet + "|" + new BigDecimal(amount).stripTrailingZeros().toPlainString(), at);
    }

    /** Spends from the disbursement wallet; false (nothing spent) when it holds less. */
    synchronized boolean spend(String amount) {
        BigDecimal held = new BigDecimal(balance);
        BigDecimal wanted = new BigDecimal(amount);
        if (held.compareTo(wanted) < 0) {
            return false;
        }
        balance = held.subtract(wanted).setScale(2).toPlainString();
        return true;
    }
}
