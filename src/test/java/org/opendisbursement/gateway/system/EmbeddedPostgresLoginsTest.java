package org.opendisbursement.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opendisbursement.gateway.system.EmbeddedPostgresEnvironment.Running;
import org.opendisbursement.gateway.system.EmbeddedPostgresLogins.Passwords;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The embedded PostgreSQL of a data folder: random passwords generated on its first start and kept in the folder
 * (600), reused on later starts, password logins from this machine only (it listens on localhost, pg_hba.conf
 * trusts no one), and a folder made by an older gateway (trusting every local login) locked on its next start. The
 * passwords never appear in the log. Starts its own servers on temporary folders, not the test run's shared one.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedPostgresLoginsTest {

    @TempDir
    Path folder;

    private EmbeddedPostgres running;

    @AfterEach
    void stop() {
        if (running != null) {
            EmbeddedPostgresEnvironment.close(running);
        }
    }

    @Test
    void theFirstStartGeneratesPasswordsOnlyTheOwnerMayReadAndTrustsNoOne(CapturedOutput output) throws Exception {
        Path data = folder.resolve("postgres");
        Passwords passwords = start(data).passwords();

        Path file = data.resolve(EmbeddedPostgresLogins.FILE);
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(passwords.superuser()).hasSize(64).isNotEqualTo(passwords.app());
        assertThat(EmbeddedPostgresEnvironment.superuserPassword(data)).isEqualTo(passwords.superuser());

        assertThat(query("postgres", passwords.superuser(), "SHOW listen_addresses")).isEqualTo("localhost");
        assertThat(query("gateway_app", passwords.app(), "SELECT current_user")).isEqualTo("gateway_app");
        refused("postgres", "postgres");
        refused("postgres", "");
        refused("gateway_app", "gateway_app");
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust").contains("scram-sha-256");
        assertThat(output.getAll()).doesNotContain(passwords.superuser()).doesNotContain(passwords.app());
    }

    @Test
    void aLaterStartReusesThePasswordsOfTheFolder(CapturedOutput output) throws Exception {
        Path data = folder.resolve("postgres");
        Passwords first = start(data).passwords();
        EmbeddedPostgresEnvironment.close(running);

        Passwords second = start(data).passwords();

        assertThat(second).isEqualTo(first);
        assertThat(query("gateway_app", second.app(), "SELECT current_user")).isEqualTo("gateway_app");
        assertThat(output.getAll()).doesNotContain(first.superuser()).doesNotContain(first.app());
    }

    @Test
    void aFolderOfAnOlderGatewayThatTrustedEveryLoginIsLockedOnItsNextStart(CapturedOutput output) throws Exception {
        Path data = folder.resolve("postgres");
        Files.createDirectories(data);
        try (EmbeddedPostgres older = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
             Connection c = older.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE gateway_app LOGIN PASSWORD 'gateway_app'");
            s.execute("CREATE DATABASE gateway");
        }
        assertThat(data.resolve(EmbeddedPostgresLogins.FILE)).doesNotExist();

        Passwords passwords = start(data).passwords();

        assertThat(data.resolve(EmbeddedPostgresLogins.FILE)).exists();
        assertThat(query("postgres", passwords.superuser(), "SELECT current_user")).isEqualTo("postgres");
        assertThat(query("gateway_app", passwords.app(), "SELECT current_user")).isEqualTo("gateway_app");
        refused("postgres", "postgres");
        refused("gateway_app", "gateway_app");
        assertThat(output.getAll()).doesNotContain(passwords.superuser()).doesNotContain(passwords.app());
    }

    private Running start(Path data) {
        Running started = EmbeddedPostgresEnvironment.start(data.toString(), 0);
        running = started.postgres();
        return started;
    }

    private String url() {
        return "jdbc:postgresql://localhost:" + running.getPort() + "/gateway";
    }

    private String query(String user, String password, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private void refused(String user, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(url(), user, password).close())
                .as("%s with a wrong password", user)
                .isInstanceOf(SQLException.class);
    }
}
