package org.opendisbursement.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.Api;
import org.opendisbursement.gateway.support.FreePort;
import tools.jackson.databind.JsonNode;

/**
 * What a new user does, from the packaged jar in an empty temporary folder (not the repository): {@code java -jar}
 * with no configuration at all, then the README's "Try it" (upload the 411-row Khulna list, approve it, release
 * installment 1). Installment 1 ends paid against the sandbox providers within a minute of the release: every wallet
 * payout CONFIRMED, every cash payout a voucher to print (PENDING). While the gateway starts, requests are fired from
 * the moment its port opens until readiness is UP, and none is answered 500 (503 with Retry-After is the answer
 * until then).
 */
class OutOfTheBoxIT {

    private static final Path JAR = Path.of("target", "disbursement-gateway.jar").toAbsolutePath();
    private static final Path EXAMPLE = Path.of("examples", "khulna-epr-411.csv").toAbsolutePath();
    private Process gateway;
    private Path folder;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroy();
            gateway.waitFor();
        }
        if (folder != null) {
            try (var walk = Files.walk(folder)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theReadmesTryItPaysInstallmentOneAgainstTheSandboxFromAJarRunAnywhere() throws Exception {
        assertThat(JAR).as("run after `package`: ./mvnw verify").exists();
        folder = Files.createTempDirectory("gateway-oob-");
        int port = FreePort.next();
        Path log = Path.of("target", "out-of-the-box-gateway.log").toAbsolutePath();
        gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", JAR.toString(), "--server.port=" + port)
                .directory(folder.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Api api = new Api(port);

        // from the moment the port opens until readiness is UP: never a 500
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (!listening(port)) {
            assertThat(gateway.isAlive()).as("the gateway runs (see %s)", log).isTrue();
            assertThat(System.nanoTime()).as("the port opens within 4 minutes").isLessThan(deadline);
            Thread.sleep(20);
        }
        Map<String, Integer> seen = new TreeMap<>();
        byte[] rejected = "beneficiary_id,full_name,channel,wallet_number,amount,installments\nP-1,Probe,NOPE,1,1,1\n"
                .getBytes(StandardCharsets.UTF_8);
        int probes = 0;
        String retryAfterSeen = null;
        while (true) {
            List<Api.Response> answers = new ArrayList<>();
            answers.add(api.upload("maker", "probe.csv", rejected, Map.of("programme", "PROBE-" + probes,
                    "firstDueDate", "2026-12-01", "interval", "P1M")));
            answers.add(api.get("maker", "/api/payment-lists"));
            answers.add(api.get("ops", "/api/providers"));
            probes++;
            for (Api.Response answer : answers) {
                seen.merge(String.valueOf(answer.status()), 1, Integer::sum);
                assertThat(answer.status()).as("answered while starting: %s", answer.text()).isNotEqualTo(500);
                if (answer.status() == 503 && retryAfterSeen == null) {
                    retryAfterSeen = retryAfter(port);
                }
            }
            if (api.get(null, "/actuator/health/readiness").status() == 200) {
                break;
            }
            assertThat(System.nanoTime()).as("ready within 4 minutes").isLessThan(deadline);
        }
        System.out.printf("while starting: %d rounds of probes, answers %s%n", probes, seen);
        if (retryAfterSeen != null) {
            assertThat(retryAfterSeen).as("a 503 says when to retry").matches("[0-9]+|ready");
        }
        Api.Response once = api.upload("maker", "probe.csv", rejected, Map.of("programme", "PROBE-READY",
                "firstDueDate", "2026-12-01", "interval", "P1M"));
        assertThat(once.status()).as("the intake route answers as soon as ready: %s", once.text()).isEqualTo(422);

        // the README's "Try it"
        JsonNode providers = api.get("ops", "/api/providers").body();
        assertThat(providers).hasSize(4);
        providers.forEach(p -> assertThat(p.get("sandbox").asBoolean()).as(p.toString()).isTrue());
        Api.Response uploaded = api.upload("maker", "khulna-epr-411.csv", Files.readAllBytes(EXAMPLE),
                Map.of("programme", "EPR-KHULNA", "firstDueDate", "2026-12-01", "interval", "P1M",
                        "approvalReference", "MJF/EPR/2020/07"));
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        String list = "/api/payment-lists/" + uploaded.id();
        assertThat(api.post("checker", list + "/approve").status()).isEqualTo(200);
        long released = System.nanoTime();
        Api.Response release = api.post("checker", list + "/installments/1/release");
        assertThat(release.status()).as(release.text()).isEqualTo(200);

        Map<String, Long> states = Map.of();
        // the README says "within a minute" (measured here: 52-56 s on a loaded 2-core machine); the test allows three,
        // so a busy CI machine fails only a gateway that does not pay, not one that pays slowly (speed: bench/)
        while (System.nanoTime() - released < Duration.ofMinutes(3).toNanos()) {
            states = installmentOne(api.get("auditor", list).body());
            if (states.equals(Map.of("CONFIRMED", 329L, "PENDING", 82L))) {
                break;
            }
            Thread.sleep(500);
        }
        double seconds = (System.nanoTime() - released) / 1e9;
        System.out.printf("installment 1 after %.1f s: %s%n", seconds, states);
        assertThat(states).as("196 bKash + 133 Nagad confirmed, 82 cash vouchers, after the release")
                .isEqualTo(Map.of("CONFIRMED", 329L, "PENDING", 82L));
    }

    private static Map<String, Long> installmentOne(JsonNode list) {
        Map<String, Long> states = new TreeMap<>();
        for (JsonNode installment : list.get("installments")) {
            if (installment.get("number").asInt() == 1) {
                installment.get("byState").properties().forEach(e -> states.put(e.getKey(), e.getValue().get("count").asLong()));
            }
        }
        return states;
    }

    /** The Retry-After of a request refused while starting, or "ready" if it was served. */
    private static String retryAfter(int port) throws IOException, InterruptedException {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + port + "/api/payment-lists")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 503 ? response.headers().firstValue("Retry-After").orElse("none") : "ready";
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
