import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A light bKash for benchmarks: {@code java bench/BkashResponder.java PORT}, the JDK's HttpServer and nothing else, so
 * that a benchmark measures the gateway rather than WireMock. It speaks what the gateway's bKash adapter calls, under
 * any root ending in {@code /checkout} (e.g. {@code http://localhost:PORT/v1.2.0-beta/checkout}): {@code token/grant},
 * {@code token/refresh}, {@code payment/b2cPayment} (answered Completed with the request's amount, currency, receiver
 * and invoice echoed, and a new trxID), {@code payment/search/{trxID}} (what that payout was), and
 * {@code payment/organizationBalance} (a balance no bench list exhausts). Requests without the {@code authorization}
 * and {@code x-app-key} headers are refused as bKash would (401, 403). {@code POST /__mock/config} with
 * {@code {"delayMs":N}} makes every payout and search answer N ms late (as the WireMock mock's control does).
 * {@code GET /__mock/arrivals} tells how the payouts arrived since the last config: how many, over how long, the
 * busiest sliding one-second window (and when it began, in seconds from the first payout), and the steady rate (the arrivals between two seconds after the first and two
 * seconds before the last, over that time), so a rate limit is judged where the provider sees it, without the run's
 * start and end. No scenarios, no duplicate window, no journal beyond the trxIDs: use mock-providers/ to test the
 * gateway's logic.
 */
public final class BkashResponder {

    private static final Pattern FIELD = Pattern.compile("\"([A-Za-z_]+)\"\\s*:\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(-?\\d+))");
    private static final AtomicLong TRX = new AtomicLong();
    private static final AtomicLong PAYOUTS = new AtomicLong();
    private static final Map<String, String> PAID = new ConcurrentHashMap<>();
    private static volatile long delayMs;
    /** When each payout arrived (System.nanoTime), for /__mock/arrivals; the first 4 million after a config. */
    private static final long[] ARRIVED = new long[4_000_000];
    private static final java.util.concurrent.atomic.AtomicInteger ARRIVALS = new java.util.concurrent.atomic.AtomicInteger();
    /** When the first payout since the last config arrived, on the wall clock (to set beside the JVMs' GC logs). */
    private static volatile long firstArrival;

    public static void main(String[] args) throws IOException {
        // keep-alive for every gateway connection, and no Nagle delay on small answers
        System.setProperty("sun.net.httpserver.maxIdleConnections", "2048");
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9101;
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 1024);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", BkashResponder::handle);
        server.start();
        System.out.println("bKash responder on :" + port);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = read(exchange.getRequestBody());
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/__mock/config")) {
                Map<String, String> fields = fields(body);
                if (fields.containsKey("delayMs")) {
                    delayMs = Long.parseLong(fields.get("delayMs"));
                }
                ARRIVALS.set(0);
                answer(exchange, 200, "{\"delayMs\":" + delayMs + ",\"payouts\":" + PAYOUTS.get() + "}");
            } else if (path.equals("/__mock/arrivals")) {
                answer(exchange, 200, arrivals());
            } else if ("POST".equals(method) && (path.endsWith("/token/grant") || path.endsWith("/token/refresh"))) {
                if (blank(exchange, "username") || blank(exchange, "password")) {
                    answer(exchange, 401, "{\"errorCode\":\"2001\",\"errorMessage\":\"Invalid App Key\"}");
                    return;
                }
                answer(exchange, 200, "{\"statusCode\":\"0000\",\"statusMessage\":\"Successful\",\"id_token\":\"light-"
                        + System.nanoTime() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"r-"
                        + System.nanoTime() + "\"}");
            } else if (refused(exchange)) {
                return;
            } else if ("POST".equals(method) && path.endsWith("/payment/b2cPayment")) {
                Map<String, String> f = fields(body);
                String amount = f.get("amount");
                String currency = f.get("currency");
                String invoice = f.get("merchantInvoiceNumber");
                String receiver = f.get("receiverMSISDN");
                if (amount == null || currency == null || invoice == null || receiver == null) {
                    answer(exchange, 400, "{\"errorCode\":\"MOCK_INVALID_REQUEST\",\"errorMessage\":\"amount, currency,"
                            + " merchantInvoiceNumber and receiverMSISDN are required\"}");
                    return;
                }
                int slot = ARRIVALS.getAndIncrement();
                if (slot < ARRIVED.length) {
                    ARRIVED[slot] = System.nanoTime();
                }
                if (slot == 0) {
                    firstArrival = System.currentTimeMillis() - (System.nanoTime() - ARRIVED[0]) / 1_000_000;
                }
                pause();
                String trxId = "LT" + Long.toString(TRX.incrementAndGet(), 36).toUpperCase();
                String fields = "\"trxID\":\"" + trxId + "\",\"transactionStatus\":\"Completed\",\"amount\":\"" + amount
                        + "\",\"currency\":\"" + currency + "\",\"merchantInvoiceNumber\":\"" + invoice + "\"";
                PAID.put(trxId, fields + ",\"transactionType\":\"B2C Payment\",\"transactionReference\":\"" + invoice
                        + "\",\"customerMsisdn\":\"" + receiver + "\"");
                PAYOUTS.incrementAndGet();
                answer(exchange, 200, "{\"completedTime\":\"2026-01-01T00:00:00:000 GMT+0600\"," + fields
                        + ",\"receiverMSISDN\":\"" + receiver + "\",\"b2cFee\":\"0.00\"}");
            } else if ("GET".equals(method) && path.contains("/payment/search/")) {
                pause();
                String found = PAID.get(path.substring(path.lastIndexOf('/') + 1));
                answer(exchange, 200, found == null ? "{\"errorCode\":\"2033\",\"errorMessage\":\"Transaction not found\"}"
                        : "{" + found + "}");
            } else if ("GET".equals(method) && path.endsWith("/payment/organizationBalance")) {
                answer(exchange, 200, "{\"organizationBalance\":[{\"accountTypeName\":\"Disbursement Account\","
                        + "\"accountStatus\":\"Active\",\"availableBalance\":\"999999999999.00\","
                        + "\"currentBalance\":\"999999999999.00\",\"currency\":\"BDT\"}]}");
            } else {
                answer(exchange, 404, "{\"errorCode\":\"MOCK_NOT_FOUND\",\"errorMessage\":\"not a bKash path\"}");
            }
        } catch (RuntimeException e) {
            answer(exchange, 500, "{\"message\":\"Internal server error\"}");
        }
    }

    /** Payouts since the last config: count, span, busiest sliding second, and the steady rate (see the class note). */
    private static String arrivals() {
        int n = Math.min(ARRIVALS.get(), ARRIVED.length);
        long[] t = java.util.Arrays.copyOf(ARRIVED, n);
        java.util.Arrays.sort(t);
        if (n < 2) {
            return "{\"payouts\":" + n + "}";
        }
        long second = 1_000_000_000L;
        int busiest = 0;
        long busiestAt = 0;
        for (int first = 0, last = 0; first < n; first++) {
            while (last < n && t[last] - t[first] < second) {
                last++;
            }
            if (last - first > busiest) {
                busiest = last - first;
                busiestAt = t[first] - t[0];
            }
        }
        long from = t[0] + 2 * second;
        long to = t[n - 1] - 2 * second;
        long steady = 0;
        for (long x : t) {
            if (x >= from && x < to) {
                steady++;
            }
        }
        double steadyRate = to > from ? steady * 1e9 / (to - from) : 0;
        return String.format(java.util.Locale.ROOT, "{\"payouts\":%d,\"spanSeconds\":%.2f,\"busiestSecond\":%d,"
                + "\"busiestFrom\":%.2f,\"steadyPerSecond\":%.1f,\"firstAt\":\"%s\"}", n, (t[n - 1] - t[0]) / 1e9, busiest,
                busiestAt / 1e9, steadyRate, java.time.Instant.ofEpochMilli(firstArrival));
    }

    /** bKash: the id_token raw in {@code authorization} (401 without), the app key in {@code x-app-key} (403). */
    private static boolean refused(HttpExchange exchange) throws IOException {
        if (blank(exchange, "authorization")) {
            answer(exchange, 401, "{\"message\":\"Unauthorized\"}");
            return true;
        }
        if (blank(exchange, "x-app-key")) {
            answer(exchange, 403, "{\"message\":\"Forbidden\"}");
            return true;
        }
        return false;
    }

    private static boolean blank(HttpExchange exchange, String header) {
        String value = exchange.getRequestHeaders().getFirst(header);
        return value == null || value.isBlank();
    }

    private static void pause() {
        long ms = delayMs;
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Map<String, String> fields(String json) {
        Map<String, String> fields = new java.util.HashMap<>();
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            fields.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return fields;
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
