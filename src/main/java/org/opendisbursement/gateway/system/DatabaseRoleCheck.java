package org.opendisbursement.gateway.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.opendisbursement.gateway.system.StartupSafety.Finding;
import org.springframework.core.env.PropertyResolver;

/**
 * Asks the database what the application's role ({@code spring.datasource.username}) may do to the ledger: it must
 * not own {@code ledger_entry} (nor be a member of its owner's role, or of the schema owner's that Flyway migrates
 * as), nor be a superuser or hold CREATEROLE (either could take the owner's rights), nor hold UPDATE, DELETE or
 * TRUNCATE on it. Before the first migration the table does not exist yet; the roles are checked all the same.
 */
final class DatabaseRoleCheck {

    static final String ROLE = "spring.datasource.username";

    /** What the application's role may do, as the database says. */
    record RoleRights(boolean superuser, boolean createRole, boolean ledgerExists, boolean ownsLedger,
                      List<String> ledgerPrivileges, boolean memberOfSchemaOwner) {
    }

    private static final String QUERY = """
            SELECT r.rolsuper, r.rolcreaterole, c.oid IS NOT NULL AS ledger_exists,
                   coalesce(pg_has_role(current_user, c.relowner, 'MEMBER'), false) AS owns_ledger,
                   coalesce(has_table_privilege(current_user, c.oid, 'UPDATE'), false) AS may_update,
                   coalesce(has_table_privilege(current_user, c.oid, 'DELETE'), false) AS may_delete,
                   coalesce(has_table_privilege(current_user, c.oid, 'TRUNCATE'), false) AS may_truncate,
                   coalesce((SELECT pg_has_role(current_user, o.oid, 'MEMBER') FROM pg_roles o WHERE o.rolname = ?),
                            false) AS member_of_schema_owner
            FROM pg_roles r LEFT JOIN pg_class c ON c.oid = to_regclass('ledger_entry')
            WHERE r.rolname = current_user""";

    private DatabaseRoleCheck() {
    }

    /** Connects as the application would (its URL, role and password) and judges what the role may do. */
    static List<Finding> check(PropertyResolver env) {
        String url = StartupSafety.value(env, "spring.datasource.url");
        if (url.isEmpty()) {
            return List.of(new Finding("spring.datasource.url", "not set"));
        }
        Properties login = new Properties();
        login.setProperty("user", StartupSafety.value(env, ROLE));
        login.setProperty("password", StartupSafety.value(env, "spring.datasource.password"));
        login.setProperty("connectTimeout", "10");
        login.setProperty("loginTimeout", "20");
        try (Connection c = DriverManager.getConnection(url, login)) {
            return judge(rights(c, StartupSafety.value(env, "spring.flyway.user")));
        } catch (SQLException e) {
            return List.of(new Finding("spring.datasource.url", "could not connect as the application's role to "
                    + "check what it may do to the ledger (SQL state " + e.getSQLState() + ": " + e.getMessage() + ")"));
        }
    }

    /** What the connection's role may do to {@code ledger_entry}; {@code schemaOwner} is Flyway's user (or empty). */
    static RoleRights rights(Connection c, String schemaOwner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setString(1, schemaOwner);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("the current role is not in pg_roles");
                }
                List<String> privileges = new ArrayList<>();
                for (String privilege : List.of("UPDATE", "DELETE", "TRUNCATE")) {
                    if (rs.getBoolean("may_" + privilege.toLowerCase(java.util.Locale.ROOT))) {
                        privileges.add(privilege);
                    }
                }
                return new RoleRights(rs.getBoolean("rolsuper"), rs.getBoolean("rolcreaterole"),
                        rs.getBoolean("ledger_exists"), rs.getBoolean("owns_ledger"), List.copyOf(privileges),
                        rs.getBoolean("member_of_schema_owner"));
            }
        }
    }

    /** Every way the role could change or remove ledger entries. */
    static List<Finding> judge(RoleRights rights) {
        List<Finding> findings = new ArrayList<>();
        if (rights.superuser()) {
            findings.add(new Finding(ROLE, "the application's role is a superuser: it could alter ledger_entry and "
                    + "switch off its append-only guard; connect as a role with only the grants of the migrations"));
        } else if (rights.ownsLedger()) {
            findings.add(new Finding(ROLE, "the application's role owns ledger_entry (or is a member of its owner's "
                    + "role): it could alter the table and switch off its append-only guard; migrate as a distinct "
                    + "owner (spring.flyway.user)"));
        } else if (rights.memberOfSchemaOwner()) {
            findings.add(new Finding(ROLE, "the application's role is a member of the schema owner's role "
                    + "(spring.flyway.user): it would own what the migrations create"));
        }
        if (rights.createRole() && !rights.superuser()) {
            findings.add(new Finding(ROLE, "the application's role has CREATEROLE: it could grant itself the "
                    + "owner's rights"));
        }
        if (!rights.ledgerPrivileges().isEmpty() && !rights.superuser() && !rights.ownsLedger()) {
            findings.add(new Finding(ROLE, "the application's role may " + String.join(", ", rights.ledgerPrivileges())
                    + " ledger_entry: it must have only SELECT and INSERT"));
        }
        return findings;
    }
}
