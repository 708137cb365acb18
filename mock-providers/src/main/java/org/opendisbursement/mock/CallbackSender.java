package org.opendisbursement.mock;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** Sends provider callbacks (M-Pesa results, MTN notifications) asynchronously and remembers each delivery. */
public final class CallbackSender implements AutoCloseable {

    /**
     * One delivery attempt.
     *
     * @param httpStatus the receiver's status, or -1 when the request failed ({@code error} says why)
     */
    public record Delivery(String provider, String reference, String kind, String method, String url,
                           int copy, int httpStatus, String error, Instant sentAt) {
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1, runnable -> {
        Thread thread = new Thread(runnable, "mock-callbacks-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private final Set<ScheduledFuture<?>> scheduled = ConcurrentHashMap.newKeySet();
    private final Queue<Delivery> deliveries = new ConcurrentLinkedQueue<>();
    private final LongSupplier delayMs;

    CallbackSender(LongSupplier delayMs) {
        this.delayMs = delayMs;
    }

    /**
     * Sends {@code copies} identical callbacks, the n-th one n callback delays from now.
     *
     * @param kind what the callback is, e.g. "result", "queue-timeout", "status-result", "notification"
     */
    public void send(String provider, String reference, String kind, String method, String url, String json,
                     int copies) {
        for (int copy = 1; copy <= copies; copy++) {
            int number = copy;
            ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
            self[0] = scheduler.schedule(() -> {
                scheduled.remove(self[0]);
                deliver(provider, reference, kind, method, url, json, number);
            }, delayMs.getAsLong() * copy, TimeUnit.MILLISECONDS);
            scheduled.add(self[0]);
        }
    }

    public List<Delivery> deliveries() {
        return new ArrayList<>(deliveries);
    }

    /** Cancels callbacks not yet sent and forgets past deliveries. */
    public void clear() {
        scheduled.forEach(future -> future.cancel(false));
        scheduled.clear();
        deliveries.clear();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private void deliver(String provider, String reference, String kind, String method, String url, String json,
                         int copy) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json))
                    .build();
        } catch (RuntimeException badUrl) {
            deliveries.add(new Delivery(provider, reference, kind, method, url, copy, -1,
                    "invalid callback URL: " + badUrl.getMessage(), Instant.now()));
            return;
        }
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) ->
                deliveries.add(new Delivery(provider, reference, kind, method, url, copy,
                        response == null ? -1 : response.statusCode(),
                        failure == null ? null : String.valueOf(failure.getMessage()), Instant.now())));
    }
}
