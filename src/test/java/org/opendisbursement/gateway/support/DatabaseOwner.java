package org.opendisbursement.gateway.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.beans.factory.annotation.Value;

/**
 * The database's owner (Flyway's user, a superuser in the embedded PostgreSQL), for tests that must do what the
 * gateway itself never may: create roles, or tamper with the ledger as an intruder with full rights would.
 */
public final class DatabaseOwner {

    private final String url;
    private final String user;
    private final String password;

    DatabaseOwner(@Value("${spring.flyway.url}") String url, @Value("${spring.flyway.user}") String user,
                  @Value("${spring.flyway.password}") String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** A connection to the same database as another role (one the test created as the owner). */
    public Connection connectAs(String role, String rolePassword) throws SQLException {
        return DriverManager.getConnection(url, role, rolePassword);
    }

    /** Runs one statement as the owner with every trigger (the ledger's append-only guard too) off for the session. */
    public void tamper(String sql, Object... parameters) throws SQLException {
        try (Connection c = connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("SET session_replication_role = replica");
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setObject(i + 1, parameters[i]);
                }
                ps.execute();
            }
        }
    }
}
