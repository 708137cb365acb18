package org.opendisbursement.gateway.dispatch;

import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Fires the routes {@code dispatch.send} and {@code dispatch.check} ({@code routes/dispatch.yaml}, which start from
 * {@code direct:}) when there is work, instead of a timer polling the database: an idle gateway asks nothing.
 *
 * <p>One thread keeps a database connection that {@code LISTEN}s on {@code dispatch_wake}; the database's triggers
 * (V12) {@code NOTIFY} it when an installment becomes READY (released, retried, settled back), UNKNOWN or PENDING, or
 * is due sooner, with the earliest due time ({@code send <epoch ms>}, {@code check <epoch ms>}), and when a provider is
 * paused or resumed ({@code provider}). Every instance listening hears it. Each route has its lane, a thread that
 * sleeps until woken, until the earliest due time it knows of, or at most {@code safety-poll}; then asks the database
 * for the earliest due time (one index probe per channel), and if something is due fires its route again and again
 * while it takes work. Due work it could not take (in-flight cap or pace window full, another instance faster) is
 * looked at again after {@code poll-ms}. A lane fires only while its route is started ({@code dispatch.enabled}; tests start them), and a
 * route that starts wakes it.
 */
@Component
class DispatchWake {

    private static final Logger log = LoggerFactory.getLogger(DispatchWake.class);
    static final String CHANNEL = "dispatch_wake";

    private final DataSource dataSource;
    private final CamelContext camel;
    private final Dispatcher dispatcher;
    private final DispatchQueue queue;
    private final ProviderGate gate;
    private final DispatchProperties properties;
    private final Clock clock;
    private final Lane send = new Lane("dispatch.send", "direct:dispatch.send", false);
    /**
     * A second lane for {@code dispatch.send}: while one batch is still being sent slot by slot, the next is claimed
     * and paced after it, so a rate-limited provider's pace has no gap while a batch is recorded and the next claimed
     * (two lanes claim as two instances would: the claim is the database's).
     */
    private final Lane sendToo = new Lane("dispatch.send", "direct:dispatch.send", false);
    private final Lane check = new Lane("dispatch.check", "direct:dispatch.check", true);
    private final RouteStarts routeStarts = new RouteStarts();
    private volatile Duration safetyPoll;
    private volatile boolean running;
    private volatile Connection listening;
    private ProducerTemplate producer;
    private List<Thread> threads = List.of();

    DispatchWake(DataSource dataSource, CamelContext camel, Dispatcher dispatcher, DispatchQueue queue, ProviderGate gate,
                 DispatchProperties properties, Clock clock) {
        this.dataSource = dataSource;
        this.camel = camel;
        this.dispatcher = dispatcher;
        this.queue = queue;
        this.gate = gate;
        this.properties = properties;
        this.clock = clock;
        this.safetyPoll = properties.safetyPoll();
    }

    /**
     * Once the application (and Camel) has started: a lifecycle bean depending on the Camel context would start the
     * context early, before its routes are loaded.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        running = true;
        producer = camel.createProducerTemplate();
        camel.getManagementStrategy().addEventNotifier(routeStarts);
        ServiceHelper.startService(routeStarts);
        threads = List.of(thread("dispatch-listen", this::listen), thread("dispatch-wake-send", send::run),
                thread("dispatch-wake-send-2", sendToo::run),
                thread("dispatch-wake-check", check::run));
        threads.forEach(Thread::start);
    }

    @PreDestroy
    public void stop() {
        running = false;
        send.wake();
        sendToo.wake();
        check.wake();
        Connection connection = listening;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the dispatch_wake connection: {}", e.toString());
            }
        }
        for (Thread thread : threads) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        camel.getManagementStrategy().removeEventNotifier(routeStarts);
        ServiceHelper.stopService(routeStarts, producer);
    }

    /** Tests: how long an idle lane sleeps at most (the configured {@code safety-poll} otherwise). */
    void safetyPoll(Duration safetyPoll) {
        this.safetyPoll = safetyPoll;
        send.wake();
        sendToo.wake();
        check.wake();
    }

    /** Tests: how long {@code dispatch.send}'s lane will sleep still unless woken (zero while it works). */
    Duration sendAsleepFor() {
        Duration first = send.asleepFor();
        Duration second = sendToo.asleepFor();
        return first.compareTo(second) < 0 ? first : second;
    }

    private static Thread thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** The listening connection: reconnects after a failure, and wakes both lanes then (a wake may have been missed). */
    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                listening = connection;
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                send.wake();
                sendToo.wake();
                check.wake();
                while (running) {
                    PGNotification[] notifications = pg.getNotifications((int) safetyPoll.toMillis());
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            heard(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("dispatch lost its {} connection ({}); listening again in 1 s", CHANNEL, e.toString());
                    sleepQuietly(Duration.ofSeconds(1));
                }
            } finally {
                listening = null;
            }
        }
    }

    /** {@code send <epoch ms>}, {@code check <epoch ms>}, or anything else ({@code provider}: both lanes, now). */
    void heard(String payload) {
        int space = payload == null ? -1 : payload.indexOf(' ');
        Lane lane = space < 0 ? null : "send".equals(payload.substring(0, space)) ? send
                : "check".equals(payload.substring(0, space)) ? check : null;
        if (lane == null) {
            gate.pausesChanged(); // perhaps by another instance: read the pauses again now
            send.wake();
            sendToo.wake();
            check.wake();
            return;
        }
        List<Lane> lanes = lane == send ? List.of(send, sendToo) : List.of(lane);
        for (Lane woken : lanes) {
            try {
                woken.wakeAt(Instant.ofEpochMilli(Long.parseLong(payload.substring(space + 1))));
            } catch (NumberFormatException e) {
                woken.wake();
            }
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One route's lane: sleeps until woken or due, fires its route while it takes work. */
    private final class Lane {

        private final String routeId;
        private final String endpoint;
        private final boolean awaiting;
        private boolean woken;
        private boolean sleeping;
        private long wakeAtNanos;

        Lane(String routeId, String endpoint, boolean awaiting) {
            this.routeId = routeId;
            this.endpoint = endpoint;
            this.awaiting = awaiting;
        }

        /** How long it will sleep still, unless woken; zero while it works. */
        synchronized Duration asleepFor() {
            return sleeping && !woken ? Duration.ofNanos(Math.max(0, wakeAtNanos - System.nanoTime())) : Duration.ZERO;
        }

        synchronized void wake() {
            woken = true;
            notifyAll();
        }

        /** Due at {@code due} (on the gateway's clock): now if it is past, else no later than then. */
        synchronized void wakeAt(Instant due) {
            Duration in = Duration.between(clock.instant(), due);
            if (in.isNegative() || in.isZero()) {
                wake();
            } else if (in.compareTo(safetyPoll) < 0 && System.nanoTime() + in.toNanos() - wakeAtNanos < 0) {
                wakeAtNanos = System.nanoTime() + in.toNanos();
                notifyAll();
            }
        }

        private synchronized void sleep(Duration atMost) throws InterruptedException {
            long until = System.nanoTime() + atMost.toNanos();
            if (wakeAtNanos - until > 0) {
                wakeAtNanos = until;
            }
            sleeping = true;
            try {
                while (!woken && running) {
                    long left = wakeAtNanos - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } finally {
                sleeping = false;
            }
            woken = false;
            wakeAtNanos = System.nanoTime() + safetyPoll.toNanos();
        }

        void run() {
            Duration next = Duration.ZERO;
            while (running) {
                try {
                    sleep(next);
                    next = round();
                } catch (InterruptedException e) {
                    if (!running) {
                        return;
                    }
                } catch (RuntimeException e) {
                    if (running && started()) {
                        log.warn("{} failed: {}; again in 1 s", routeId, e.toString());
                    } else {
                        log.debug("{} stopped under way: {}", routeId, e.toString());
                    }
                    next = Duration.ofSeconds(1);
                }
            }
        }

        /**
         * Fires the route while it takes work, if anything is due (one index probe per callable channel first, so a
         * wake with nothing due costs one query); then how long to sleep at most.
         */
        private Duration round() {
            if (!started()) {
                return safetyPoll;
            }
            Optional<Duration> due = untilDue();
            if (due.isEmpty() || !due.get().isZero()) {
                return due.orElse(safetyPoll);
            }
            while (running && started()) {
                Object body = producer.requestBody(endpoint, (Object) null);
                boolean tookNone = body instanceof List<?> list && list.isEmpty();
                if (tookNone) {
                    // due but not taken (in-flight cap or pace window full, another instance faster): soon again
                    return untilDue().map(in -> in.isZero() ? Duration.ofMillis(properties.pollMs()) : in)
                            .orElse(safetyPoll);
                }
            }
            return safetyPoll;
        }

        /**
         * How long until the earliest due payout of a provider that may be called now (zero: due now; capped at the
         * safety poll); empty when there is none.
         */
        private Optional<Duration> untilDue() {
            return queue.earliestDue(dispatcher.callableChannels(awaiting), awaiting).map(at -> {
                Duration in = Duration.between(clock.instant(), at);
                return in.isNegative() ? Duration.ZERO : in.compareTo(safetyPoll) < 0 ? in : safetyPoll;
            });
        }

        private boolean started() {
            return camel.getRouteController().getRouteStatus(routeId) == ServiceStatus.Started;
        }
    }

    /** A dispatch route that starts wakes its lane (only route events reach it; exchanges cost nothing here). */
    private final class RouteStarts extends SimpleEventNotifierSupport {

        RouteStarts() {
            setupIgnore(true);
            setIgnoreRouteEvents(false);
        }

        @Override
        public void notify(CamelEvent event) {
            if (event instanceof CamelEvent.RouteStartedEvent started) {
                String id = started.getRoute().getId();
                if (send.routeId.equals(id)) {
                    send.wake();
                    sendToo.wake();
                } else if (check.routeId.equals(id)) {
                    check.wake();
                }
            }
        }
    }
}
