package org.opendisbursement.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.FreePort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The packaged gateway started for real under {@code prod} ({@code java -jar}, its own process) against a real
 * PostgreSQL laid out as in production: a schema owner that Flyway migrates as, and an application role
 * {@code gateway_app}. With unsafe settings it exits with 78 before migrating anything or opening its port, and its
 * output names every offending property and shows none of their values. With real-looking settings (what the
 * README's "Production" asks for) it passes its own checks, migrates as the owner and serves. Under an explicit
 * {@code demo} profile the same database gets the demo users and sandbox providers, unchecked.
 */
class StartupSafetyIT {

    private static final Path JAR = Path.of("target", "disbursement-gateway.jar").toAbsolutePath();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String OWNER_PASSWORD = hex(32);
    private static final String APP_PASSWORD = hex(32);

    /** A PostgreSQL server of the test's own, standing for production's (created as its superuser, then left alone). */
    private static EmbeddedPostgres database;

    private static int databases;

    private Process gateway;
    private Path folder;
    private String databaseName;

    @BeforeAll
    static void aProductionDatabase() throws Exception {
        database = EmbeddedPostgres.builder().start();
        try (Connection c = database.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE gateway_owner LOGIN PASSWORD '" + OWNER_PASSWORD + "'");
            s.execute("CREATE ROLE gateway_app LOGIN PASSWORD '" + APP_PASSWORD + "'");
        }
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        database.close();
    }

    /** An empty folder to run in, and a database of its own owned by the schema owner. */
    @BeforeEach
    void anEmptyFolderAndDatabase() throws Exception {
        folder = Files.createTempDirectory("gateway-safety-");
        databaseName = "gateway_" + (++databases);
        try (Connection c = database.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + databaseName + " OWNER gateway_owner");
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroy();
            gateway.waitFor(60, TimeUnit.SECONDS);
        }
        try (var walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void underProdUnsafeSettingsStopTheStartNamingEveryPropertyButNoValue() throws Exception {
        String demoHash = "{bcrypt}$2a$10$Scf.JyV4Hs2imrWzWrUOAOvP7EB5e15BiEPYWGhN6F0A8mxJTmwFW";
        int port = FreePort.next();
        Path log = start(Map.of("SPRING_DATASOURCE_USERNAME", "gateway_owner", "SPRING_DATASOURCE_PASSWORD", OWNER_PASSWORD,
                        "GATEWAY_DB_OWNER_USER", "gateway_owner", "GATEWAY_DB_OWNER_PASSWORD", OWNER_PASSWORD),
                "--server.port=" + port,
                "--disbursement.providers.bkash.base-url=http://bkash.example.org/v1.2.0-beta/checkout",
                "--disbursement.providers.bkash.credentials.app-secret=test-app-secret",
                "--disbursement.providers.mpesa.callback-secret=change-me-mpesa",
                "--disbursement.providers.mtn.callback-secret=tooShortASecret",
                "--disbursement.providers.nagad.credentials.hmac-key-file=mock-providers/keys/test-only-nagad-merchant-hmac-key.pem",
                "--disbursement.security.users[0].username=maker",
                "--disbursement.security.users[0].password=" + demoHash,
                "--disbursement.security.users[0].roles[0]=FINANCE_MAKER",
                "--disbursement.security.users[1].username=rahim",
                "--disbursement.security.users[1].password={noop}Correct-Horse-Battery",
                "--disbursement.security.users[1].roles[0]=OPS");

        assertThat(gateway.waitFor(3, TimeUnit.MINUTES)).as("the gateway stops by itself (see %s)", log).isTrue();
        String output = Files.readString(log);
        assertThat(gateway.exitValue()).as(output).isEqualTo(UnsafeStartupException.EXIT_CODE);
        assertThat(output).contains("APPLICATION FAILED TO START", "The gateway refuses to start under the prod profile",
                "disbursement.providers.bkash.base-url: not https",
                "disbursement.providers.bkash.credentials.app-secret: a mock provider's test value",
                "disbursement.providers.bkash.credentials.app-key: not set",
                "disbursement.providers.nagad.base-url: not set",
                "disbursement.providers.nagad.credentials.hmac-key-file: names a TEST-ONLY key",
                "disbursement.providers.mpesa.callback-secret: a known default",
                "disbursement.providers.mtn.callback-secret: shorter than 32 characters",
                "disbursement.providers.mtn.credentials.api-user: not set",
                "disbursement.security.users[0].password: the demo password",
                "disbursement.security.users[1].password: a {noop} password",
                "spring.flyway.user: the same role as spring.datasource.username",
                "spring.datasource.username: the application's role is a member of the schema owner's role",
                "disbursement.audit.anchor-key: not set");
        for (String value : List.of(OWNER_PASSWORD, "change-me-mpesa", "tooShortASecret", "test-app-secret",
                "test-only-nagad", "Correct-Horse", demoHash.substring(8))) {
            assertThat(output).as("never a value").doesNotContain(value);
        }
        assertThat(output).doesNotContain("Tomcat started").doesNotContain("SANDBOX providers");
        assertThat(tables()).as("nothing migrated").doesNotContain("flyway_schema_history", "ledger_entry");
    }

    @Test
    void underProdRealSettingsPassTheChecksAndTheOwnerMigrates() throws Exception {
        String opsPassword = hex(16);
        int port = FreePort.next();
        Path log = start(Map.of("SPRING_DATASOURCE_USERNAME", "gateway_app", "SPRING_DATASOURCE_PASSWORD", APP_PASSWORD,
                        "GATEWAY_DB_OWNER_USER", "gateway_owner", "GATEWAY_DB_OWNER_PASSWORD", OWNER_PASSWORD),
                "--server.port=" + port, "--spring.config.additional-location=" + productionConfig(opsPassword));

        awaitReady(port, log);
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("ops:" + opsPassword).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> providers = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/providers"))
                .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(providers.statusCode()).as(providers.body()).isEqualTo(200);
        assertThat(providers.body()).contains("\"sandbox\":false").doesNotContain("\"sandbox\":true");

        String output = Files.readString(log);
        assertThat(output).contains("Start-up safety checks passed (the prod profile)");
        assertThat(output).doesNotContain(APP_PASSWORD).doesNotContain(OWNER_PASSWORD).doesNotContain(opsPassword);
        try (Connection c = DriverManager.getConnection(url(), "gateway_owner", OWNER_PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_get_userbyid(relowner), has_table_privilege('gateway_app', oid, "
                     + "'UPDATE'), has_table_privilege('gateway_app', oid, 'INSERT') FROM pg_class WHERE relname = 'ledger_entry'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("gateway_owner");
            assertThat(rs.getBoolean(2)).as("gateway_app may UPDATE the ledger").isFalse();
            assertThat(rs.getBoolean(3)).as("gateway_app may INSERT into the ledger").isTrue();
        }
    }

    @Test
    void theExplicitDemoProfileOnARealDatabaseBringsTheDemoUsersAndSandboxUnchecked() throws Exception {
        int port = FreePort.next();
        Path log = start(Map.of("SPRING_PROFILES_ACTIVE", "demo", "SPRING_DATASOURCE_USERNAME", "gateway_owner",
                "SPRING_DATASOURCE_PASSWORD", OWNER_PASSWORD), "--server.port=" + port);

        awaitReady(port, log);
        HttpResponse<String> providers = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/providers")).header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString("ops:demo".getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(providers.statusCode()).as(providers.body()).isEqualTo(200);
        assertThat(providers.body()).contains("\"sandbox\":true").doesNotContain("\"sandbox\":false");
        assertThat(Files.readString(log)).doesNotContain("Start-up safety checks passed");
    }

    private void awaitReady(int port, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        int status = 0;
        while (status != 200) {
            assertThat(gateway.isAlive()).as("the gateway runs: %s", Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("ready within 4 minutes (see %s)", log).isLessThan(deadline);
            Thread.sleep(500);
            try {
                status = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException notYetListening) {
                status = 0;
            }
        }
    }

    /** Starts the jar under prod in an empty folder, output to a log file; {@code environment} adds the variables. */
    private Path start(Map<String, String> environment, String... arguments) throws IOException {
        assertThat(JAR).as("run after `package`: ./mvnw verify").exists();
        Path log = folder.resolve("gateway.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SPRING_PROFILES_ACTIVE", "prod");
        builder.environment().put("SPRING_DATASOURCE_URL", url());
        builder.environment().putAll(environment);
        gateway = builder.start();
        return log;
    }

    /** What an operator writes into the config file: real-looking values, generated here, https to this machine. */
    private String productionConfig(String opsPassword) throws IOException {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        String nowhere = "https://127.0.0.1:9";  // https to this machine's discard port: never called while idle
        String yaml = """
                disbursement:
                  audit:
                    anchor-key: "%15$s"
                  providers:
                    bkash:
                      base-url: %1$s/v1.2.0-beta/checkout
                      credentials: { username: "%2$s", password: "%3$s", app-key: "%4$s", app-secret: "%5$s" }
                    nagad:
                      base-url: %1$s
                      credentials:
                        merchant-id: "6831%6$s"
                        aggregator-id: "6832%6$s"
                        disbursement-product-id: EPR-KHULNA-2026
                        merchant-private-key-pem: "%7$s"
                        nagad-public-key-pem: "%8$s"
                        hmac-key: "%9$s"
                    mpesa:
                      base-url: %1$s
                      credentials: { consumer-key: "%2$s", consumer-secret: "%3$s", initiator-name: "%4$s", security-credential: "%5$s", short-code: "3%6$s" }
                      callback-secret: "%10$s"
                      callback-base-url: https://gateway.example.org
                    mtn:
                      base-url: %1$s
                      credentials: { api-user: "%11$s", api-key: "%3$s", subscription-key: "%4$s", target-environment: mtnuganda }
                      callback-secret: "%14$s"
                      callback-base-url: https://gateway.example.org
                  security:
                    users:
                      - { username: ops, password: "{bcrypt}%12$s", roles: [OPS] }
                      - { username: amina, password: "{bcrypt}%13$s", roles: [FINANCE_MAKER] }
                """.formatted(nowhere, hex(8), hex(16), hex(16), hex(16), 100_000 + RANDOM.nextInt(900_000), hex(64),
                hex(64), hex(32), hex(32), java.util.UUID.randomUUID(), bcrypt.encode(opsPassword), bcrypt.encode(hex(16)), hex(32), hex(32));
        Path config = folder.resolve("config");
        Files.createDirectories(config);
        Files.writeString(config.resolve("application.yml"), yaml);
        return config.toAbsolutePath().toUri().toString().replace("file:", "optional:file:");
    }

    private List<String> tables() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url(), "gateway_owner", OWNER_PASSWORD); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private String url() {
        return "jdbc:postgresql://localhost:" + database.getPort() + "/" + databaseName;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

}
