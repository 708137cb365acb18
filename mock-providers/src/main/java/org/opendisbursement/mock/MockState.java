package org.opendisbursement.mock;

import com.github.tomakehurst.wiremock.common.Notifier;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Everything one running mock remembers: settings, the payout journal, tokens and callbacks. */
public final class MockState implements AutoCloseable {

    /** System property that prints the mock's own (masked) log lines to stdout. */
    public static final String LOG_PROPERTY = "mock.log";

    private final MockSettings startupSettings;
    private final AtomicReference<MockSettings> settings;
    private final PayoutJournal journal = new PayoutJournal();
    private final TokenRegistry tokens = new TokenRegistry();
    private final CallbackSender callbacks;
    private final AtomicLong eligiblePayouts = new AtomicLong();
    private final Notifier notifier;

    MockState(MockSettings startupSettings, Notifier notifier) {
        this.startupSettings = startupSettings;
        this.settings = new AtomicReference<>(startupSettings);
        this.notifier = notifier;
        this.callbacks = new CallbackSender(() -> settings().callbackDelayMs());
    }

    public MockSettings settings() {
        return settings.get();
    }

    /** Applies a partial update, e.g. {@code {"timeoutAfterRecordPercent": 10, "delayMs": 50}}. */
    public MockSettings updateSettings(Map<String, ?> changes) {
        return settings.updateAndGet(current -> current.with(changes));
    }

    public PayoutJournal journal() {
        return journal;
    }

    public CallbackSender callbacks() {
        return callbacks;
    }

    /** Forgets all transfers and callbacks and restores the startup settings. Issued tokens stay valid. */
    public void reset() {
        journal.clear();
        callbacks.clear();
        eligiblePayouts.set(0);
        settings.set(startupSettings);
    }

    @Override
    public void close() {
        callbacks.close();
    }

    TokenRegistry tokens() {
        return tokens;
    }

    Duration tokenTtl() {
        return Duration.ofSeconds(settings().tokenTtlSeconds());
    }

    Instant now() {
        return Instant.now();
    }

    /**
     * Whether the next otherwise successful payout loses its answer. Spreads the configured percentage
     * evenly and deterministically: with 10 percent the 10th, 20th, ... eligible payout is hit.
     */
    boolean nextPayoutLosesAnswer() {
        int percent = settings().timeoutAfterRecordPercent();
        if (percent == 0) {
            return false;
        }
        long n = eligiblePayouts.getAndIncrement();
        return (n + 1) * percent / 100 > n * percent / 100;
    }

    /**
     * One line per payout event. Printed to stdout when {@value #LOG_PROPERTY} is true (run.sh --log),
     * otherwise handed to WireMock's notifier (shown only with WireMock's --verbose). Callers mask
     * wallet numbers with {@link WalletMask}.
     */
    void log(String message) {
        if (Boolean.getBoolean(LOG_PROPERTY)) {
            System.out.println(Instant.now() + " [mock] " + message);
        } else {
            notifier.info("[mock] " + message);
        }
    }

    void logError(String message, Throwable cause) {
        notifier.error("[mock] " + message, cause);
    }
}
