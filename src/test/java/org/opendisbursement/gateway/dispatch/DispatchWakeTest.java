package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.DispatchRunning;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.MockProviderServers;
import org.opendisbursement.mock.ExecutedPayout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Dispatch sleeps while there is nothing to do and the database wakes it: with the safety poll set to a minute, a
 * released list still reaches the provider within seconds (the release's NOTIFY; 10 s allows a first bKash token grant
 * on a busy machine, far below the minute), and so does a provider resumed by ops.
 */
@GatewayTest
class DispatchWakeTest {

    @LocalServerPort
    int port;

    @Autowired
    DispatchWake wake;

    @Autowired
    DispatchProperties properties;

    @Autowired
    CamelContext camel;

    @Autowired
    NamedParameterJdbcTemplate jdbc;

    @AfterEach
    void safetyPollAsConfigured() {
        wake.safetyPoll(properties.safetyPoll());
        new Api(port).post("ops", "/api/providers/bkash/resume");
    }

    @Test
    void aReleaseWakesDispatchWithoutWaitingForTheSafetyPoll() throws Exception {
        wake.safetyPoll(Duration.ofMinutes(1));
        try (DispatchRunning running = DispatchRunning.start(camel)) {
            asleepForLong();

            UUID reference = reference(new Api(port).releasedList(oneBkashPayout(), "BDT"));

            Awaitility.await("the payout at the provider").atMost(Duration.ofSeconds(10))
                    .until(() -> executed(reference));
        }
    }

    @Test
    void aResumedProviderWakesDispatch() throws Exception {
        Api api = new Api(port);
        assertThat(api.post("ops", "/api/providers/bkash/pause").status()).isEqualTo(200);
        wake.safetyPoll(Duration.ofMinutes(1));
        try (DispatchRunning running = DispatchRunning.start(camel)) {
            UUID reference = reference(api.releasedList(oneBkashPayout(), "BDT"));
            asleepForLong(); // the payout is due, but its provider paused: nothing to wake for

            assertThat(api.post("ops", "/api/providers/bkash/resume").status()).isEqualTo(200);

            Awaitility.await("the payout at the provider").atMost(Duration.ofSeconds(10))
                    .until(() -> executed(reference));
        }
    }

    /** The send lane sleeps with nothing due for more than half the minute's safety poll (it would not poll soon). */
    private void asleepForLong() {
        Awaitility.await("dispatch asleep").atMost(Duration.ofSeconds(20))
                .until(() -> wake.sendAsleepFor().compareTo(Duration.ofSeconds(30)) > 0);
    }

    private static ListFile oneBkashPayout() {
        String amount = String.valueOf(100 + ThreadLocalRandom.current().nextInt(1, 20_000));
        return ListFile.of().row("WAKE-1,রহিমা খাতুন,,BKASH," + ListFile.freshWallet() + "," + amount + ",1,,");
    }

    private UUID reference(long listId) {
        return jdbc.queryForObject("SELECT provider_reference FROM installment WHERE list_id = :id",
                Map.of("id", listId), UUID.class);
    }

    private static boolean executed(UUID reference) {
        return MockProviderServers.state("bkash").journal().executed().stream().map(ExecutedPayout::reference)
                .anyMatch(reference.toString()::equals);
    }
}
