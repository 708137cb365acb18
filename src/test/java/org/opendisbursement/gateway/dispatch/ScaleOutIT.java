package org.opendisbursement.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.FreePort;
import org.opendisbursement.gateway.support.ListFile;
import org.opendisbursement.gateway.support.SqlCount;
import org.opendisbursement.gateway.system.EmbeddedPostgresEnvironment;
import org.opendisbursement.mock.ExecutedPayout;
import org.opendisbursement.mock.MockExtensions;
import org.opendisbursement.mock.MockProviders;
import org.opendisbursement.mock.MockSettings;

/**
 * Scale-out: two packaged gateways, each its own process, on one PostgreSQL. The first is the embedded default (its
 * embedded server, data on disk); the second is started as an operator would start another instance against that
 * server: {@code spring.datasource.*} as the application's restricted role {@code gateway_app}, Flyway as the owner
 * (both passwords from the first one's data folder), the {@code demo} profile for the demo users and the mock
 * providers' test credentials (without it, or under {@code prod}, {@code StartupSafety} refuses them: unchanged), and
 * the first one's anchor key and file, which only the first writes ({@code audit.anchoring=false} on the second).
 *
 * <p>One list of {@value #INSTALLMENTS} MTN payouts, uploaded, approved and released through the first, is paid by
 * both to the MTN mock, whose payout rate is limited to {@value #RATE_PER_SECOND} a second. Each instance gives MTN its
 * own callback address ({@code X-Callback-Url}), which is how the mock tells them apart. Once the second has sent
 * some payouts it is killed (SIGKILL); the first finishes the list alone: it asks MTN about every payout the dead one
 * left open and sends again only what MTN never received.
 *
 * <p>At the end: the mock received exactly one transfer request per reference and executed each once, every
 * installment is CONFIRMED with exactly one {@code CONFIRMED} ledger row, both instances sent payouts, and in no
 * one-second window did the mock receive more than the limit plus one transfer request (the limit belongs to the
 * provider account, so it holds across instances).
 */
class ScaleOutIT {

    private static final Path JAR = Path.of("target", "disbursement-gateway.jar");
    private static final int INSTALLMENTS = 1_500;
    private static final int RATE_PER_SECOND = 50;
    /** The second instance is killed once the mock has this many transfer requests from it. */
    private static final int KILL_AFTER = 150;

    private final Path work = Path.of("target", "scale-out-test");
    private final List<Process> gateways = new ArrayList<>();
    private final TransferRequests transfers = new TransferRequests();
    private WireMockServer mtn;

    @AfterEach
    void stopEverything() throws Exception {
        // the second first: the first one's embedded PostgreSQL serves it
        for (int i = gateways.size() - 1; i >= 0; i--) {
            Process gateway = gateways.get(i);
            if (gateway.isAlive()) {
                gateway.destroy();
                gateway.waitFor();
            }
        }
        if (mtn != null) {
            mtn.stop();
        }
    }

    @Test
    void twoInstancesOnOneDatabasePayEveryInstallmentOnceWithinOneRateLimitAndOneSurvivesTheOthersDeath() throws Exception {
        assertThat(JAR).as("run after `package`: ./mvnw verify").exists();
        FileUtils.deleteDirectory(work.toFile());
        Files.createDirectories(work);
        MockExtensions extensions = new MockExtensions(MockSettings.defaults(), Path.of("mock-providers", "keys"));
        mtn = new WireMockServer(MockProviders.options("mtn", 0, Path.of("mock-providers"), extensions)
                .extensions(transfers));
        mtn.start();

        int firstPort = FreePort.next();
        int secondPort = FreePort.next();
        int pgPort = FreePort.next();
        Process first = start(1, firstPort, List.of(
                "--disbursement.embedded-postgres.data-dir=" + work.resolve("pg"),
                "--disbursement.embedded-postgres.port=" + pgPort), Map.of());
        Properties logins = logins(work.resolve("pg"));
        // one instance anchors the ledger (audit.anchor); the other verifies against the same file, under the same key
        Process second = start(2, secondPort, List.of(
                "--disbursement.audit.anchoring=false",
                "--disbursement.audit.anchor-file=" + work.resolve("anchors").resolve("ledger-anchors.log")), Map.of(
                "DISBURSEMENT_AUDIT_ANCHOR_KEY", Files.readString(work.resolve("pg").resolve("gateway-anchor.key")).strip(),
                "SPRING_PROFILES_ACTIVE", "demo",
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://localhost:" + pgPort + "/gateway",
                "SPRING_DATASOURCE_USERNAME", "gateway_app",
                "SPRING_DATASOURCE_PASSWORD", logins.getProperty("gateway_app"),
                "SPRING_FLYWAY_USER", "postgres",
                "SPRING_FLYWAY_PASSWORD", logins.getProperty("postgres")));

        Api api = new Api(firstPort);
        ListFile file = ListFile.of();
        for (int i = 1; i <= INSTALLMENTS; i++) {
            // MTN's sandbox pays in EUR; numbers outside the mock's magic 46733123xxx succeed at once
            file.row("S-" + i + ",Amina Nakato,,MTN,+4673319" + String.format("%04d", i) + "," + (5 + i % 50) + ".25,1,,");
        }
        long listId = api.releasedList(file, "EUR");

        await("the second instance sends " + KILL_AFTER + " payouts").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> transfers.from(secondPort) >= KILL_AFTER);
        second.destroyForcibly();
        second.waitFor();
        List<TransferRequests.Request> untilKill = transfers.snapshot();
        int atKill = untilKill.size();
        long firstAtKill = untilKill.stream().filter(r -> r.instancePort() == firstPort).count();
        System.out.printf("scale-out: killed the second instance after %d transfer requests (%d from it, %d from the first)%n",
                atKill, atKill - firstAtKill, firstAtKill);
        assertThat(atKill).as("killed mid-run").isLessThan(INSTALLMENTS - 2 * RATE_PER_SECOND);

        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + pgPort + "/gateway", "postgres",
                EmbeddedPostgresEnvironment.superuserPassword(work.resolve("pg")))) {
            await("the first instance finishes the list alone").atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("the survivor died", () -> !first.isAlive())
                    .until(() -> SqlCount.of(db, "SELECT count(*) FROM installment WHERE list_id = " + listId
                            + " AND state IN ('CONFIRMED', 'FAILED', 'MANUAL_REVIEW', 'CANCELLED')") == INSTALLMENTS);

            Map<String, Long> states = new HashMap<>();
            try (ResultSet rs = db.createStatement().executeQuery(
                    "SELECT state, count(*) FROM installment WHERE list_id = " + listId + " GROUP BY state")) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getLong(2));
                }
            }
            assertThat(states).as("every installment paid").isEqualTo(Map.of("CONFIRMED", (long) INSTALLMENTS));
            assertThat(SqlCount.of(db, "SELECT count(*) FROM (SELECT installment_id FROM ledger_entry WHERE list_id = " + listId
                    + " AND to_state = 'CONFIRMED' GROUP BY installment_id HAVING count(*) = 1) once"))
                    .as("installments with exactly one CONFIRMED ledger row").isEqualTo(INSTALLMENTS);
            assertThat(SqlCount.of(db, "SELECT count(*) FROM ledger_entry WHERE list_id = " + listId + " AND to_state = 'CONFIRMED'"))
                    .isEqualTo(INSTALLMENTS);

            List<String> references = new ArrayList<>();
            try (ResultSet rs = db.createStatement().executeQuery(
                    "SELECT provider_reference FROM installment WHERE list_id = " + listId)) {
                while (rs.next()) {
                    references.add(rs.getString(1));
                }
            }
            Map<String, Long> requestsPerReference = transfers.perReference();
            assertThat(requestsPerReference.keySet()).as("the references the mock received")
                    .containsExactlyInAnyOrderElementsOf(references);
            assertThat(requestsPerReference.entrySet().stream().filter(e -> e.getValue() != 1).toList())
                    .as("references sent more than once").isEmpty();
            List<ExecutedPayout> executed = extensions.state().journal().executed();
            assertThat(executed.stream().map(ExecutedPayout::reference).collect(Collectors.toSet()))
                    .as("executed by the mock, each once").hasSize(INSTALLMENTS)
                    .containsExactlyInAnyOrderElementsOf(references);
        }

        int byFirst = transfers.from(firstPort);
        int bySecond = transfers.from(secondPort);
        assertThat(byFirst + bySecond).as("every transfer request came from one of the two").isEqualTo(transfers.count());
        assertThat(bySecond).as("the second instance's payouts").isGreaterThanOrEqualTo(KILL_AFTER);
        assertThat(firstAtKill).as("the first instance's payouts while both ran").isPositive();
        assertThat((long) byFirst).as("the first instance's payouts: it went on after the kill")
                .isGreaterThan(firstAtKill);

        int busiest = transfers.busiestSecond();
        double seconds = transfers.spanSeconds();
        System.out.printf("scale-out: %d transfer requests (first instance %d, second %d) in %.1f s, %.1f/s; busiest"
                + " one-second window %d (limit %d/s per provider account)%n", transfers.count(), byFirst, bySecond,
                seconds, transfers.count() / seconds, busiest, RATE_PER_SECOND);
        System.out.println("scale-out timeline (per 100 ms, instance of the first request / the other): " + transfers.timeline());
        // needs the shared rate limit (issue 15, item 1): with one limiter per instance, two instances send up to twice it
        // (62–82 seen). Each payout leaves within the allowed lateness of its own slot on the database's clock, the one
        // both instances share, or takes a fresh slot (ProviderGate, DispatchQueue.Pace): no second holds more than the
        // limit plus one, across the SIGKILL too.
        assertThat(busiest).as("transfer requests in the busiest one-second window at the mock, both instances together")
                .isLessThanOrEqualTo(RATE_PER_SECOND + 1);
    }

    private Process start(int instance, int httpPort, List<String> arguments, Map<String, String> environment)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", JAR.toString(),
                "--server.port=" + httpPort,
                "--disbursement.intake.inbox=" + work.resolve("inbox-" + instance),
                "--disbursement.providers.mtn.base-url=" + mtn.baseUrl(),
                // each instance's own address: MTN calls back the instance that sent the payout (and the mock's
                // request log tells the instances apart by it)
                "--disbursement.providers.mtn.callback-base-url=http://localhost:" + httpPort,
                "--disbursement.providers.mtn.rate-per-second=" + RATE_PER_SECOND,
                "--disbursement.providers.mtn.connect-timeout=1s",
                // long enough that a slow machine does not turn answers into timeouts: a timed-out send is asked
                // after, and a query that overtook its send would get a second request under the same reference
                // (safe, MTN answers it as a duplicate, but this test counts requests)
                "--disbursement.providers.mtn.read-timeout=5s",
                "--disbursement.providers.mtn.initial-backoff=300ms",
                "--disbursement.providers.mtn.max-backoff=2s",
                "--disbursement.dispatch.answer-margin=2s",
                "--logging.level.root=WARN"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("gateway-" + instance + ".log").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        gateways.add(process);
        Api api = new Api(httpPort);
        await("gateway " + instance + " starts (see " + work.resolve("gateway-" + instance + ".log") + ")")
                .atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                .failFast("gateway " + instance + " exited", () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> api.get(null, "/actuator/health").status() == 200);
        return process;
    }

    /** The embedded PostgreSQL's logins, as the first start wrote them into its data folder. */
    private static Properties logins(Path dataDir) throws IOException {
        Properties logins = new Properties();
        try (Reader in = Files.newBufferedReader(dataDir.resolve("gateway-passwords.properties"), StandardCharsets.UTF_8)) {
            logins.load(in);
        }
        return logins;
    }

    /** Every transfer request the MTN mock received: when, from which instance (its callback port), which reference. */
    static final class TransferRequests implements ServeEventListener {

        record Request(long nanos, int instancePort, String reference) {
        }

        private final Queue<Request> received = new ConcurrentLinkedQueue<>();

        @Override
        public void beforeMatch(ServeEvent event, Parameters parameters) {
            LoggedRequest request = event.getRequest();
            if (request.getMethod().equals(RequestMethod.POST) && request.getUrl().startsWith("/disbursement/v1_0/transfer")) {
                String callback = request.getHeader("X-Callback-Url");
                int port = callback == null ? -1 : URI.create(callback).getPort();
                received.add(new Request(System.nanoTime(), port, request.getHeader("X-Reference-Id")));
            }
        }

        @Override
        public String getName() {
            return "scale-out-transfer-requests";
        }

        int count() {
            return received.size();
        }

        List<Request> snapshot() {
            return List.copyOf(received);
        }

        int from(int port) {
            return (int) received.stream().filter(r -> r.instancePort() == port).count();
        }

        Map<String, Long> perReference() {
            return received.stream().collect(Collectors.groupingBy(Request::reference, Collectors.counting()));
        }

        /** The most requests in any one-second window [t, t + 1 s) that starts at a request. */
        int busiestSecond() {
            long[] times = sorted().stream().mapToLong(Request::nanos).toArray();
            int most = 0;
            int end = 0;
            for (int start = 0; start < times.length; start++) {
                while (end < times.length && times[end] - times[start] < 1_000_000_000L) {
                    end++;
                }
                most = Math.max(most, end - start);
            }
            return most;
        }

        /** Requests per 100 ms, from the first, and by which instance (f/s): where a busy second came from. */
        String timeline() {
            List<Request> all = sorted();
            if (all.isEmpty()) {
                return "";
            }
            long t0 = all.get(0).nanos();
            java.util.TreeMap<Long, int[]> buckets = new java.util.TreeMap<>();
            for (Request r : all) {
                buckets.computeIfAbsent((r.nanos() - t0) / 100_000_000L, k -> new int[2])[r.instancePort() == all.get(0).instancePort() ? 0 : 1]++;
            }
            StringBuilder out = new StringBuilder();
            buckets.forEach((k, v) -> out.append(String.format("%.1fs:%d/%d ", k / 10.0, v[0], v[1])));
            return out.toString();
        }

        double spanSeconds() {
            List<Request> all = sorted();
            return all.isEmpty() ? 0 : (all.get(all.size() - 1).nanos() - all.get(0).nanos()) / 1e9;
        }

        private List<Request> sorted() {
            return received.stream().sorted(Comparator.comparingLong(Request::nanos)).toList();
        }
    }



}
