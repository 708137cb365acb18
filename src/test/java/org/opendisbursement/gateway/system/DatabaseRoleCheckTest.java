package org.opendisbursement.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opendisbursement.gateway.support.DatabaseOwner;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.system.StartupSafety.Finding;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The database half of the start-up checks, against the test run's migrated PostgreSQL (the shared context): the
 * application's role of the embedded default passes, while the schema owner, a role granted UPDATE and DELETE on the
 * ledger and a member of the owner's role are each refused, named as {@code spring.datasource.username}.
 */
@GatewayTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseRoleCheckTest {

    private static final List<String> ROLES = List.of("careless_app", "owner_member");

    @Autowired
    DatabaseOwner owner;

    @Value("${spring.datasource.url}")
    String url;

    @Value("${spring.datasource.username}")
    String appRole;

    @Value("${spring.datasource.password}")
    String appPassword;

    @Value("${spring.flyway.user}")
    String ownerRole;

    @Value("${spring.flyway.password}")
    String ownerPassword;

    @BeforeAll
    void rolesThatMayDoTooMuch() throws Exception {
        dropRoles();
        try (Connection c = owner.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE careless_app LOGIN PASSWORD 'careless'");
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ledger_entry TO careless_app");
            s.execute("CREATE ROLE owner_member LOGIN PASSWORD 'member' IN ROLE " + ownerRole);
        }
    }

    @AfterAll
    void dropRoles() throws Exception {
        try (Connection c = owner.connect(); Statement s = c.createStatement()) {
            for (String role : ROLES) {
                if (s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'").next()) {
                    s.execute("DROP OWNED BY " + role);
                    s.execute("DROP ROLE " + role);
                }
            }
        }
    }

    @Test
    void theApplicationsRoleMayOnlyReadAndAppendToTheLedger() {
        assertThat(check(appRole, appPassword)).isEmpty();
    }

    @Test
    void theSchemaOwnerIsRefused() {
        assertThat(check(ownerRole, ownerPassword)).singleElement().satisfies(f -> {
            assertThat(f.property()).isEqualTo("spring.datasource.username");
            assertThat(f.problem()).contains("superuser");
        });
    }

    @Test
    void aRoleThatMayUpdateOrDeleteLedgerEntriesIsRefused() {
        assertThat(check("careless_app", "careless")).extracting(Finding::problem)
                .containsExactly("the application's role may UPDATE, DELETE ledger_entry: it must have only SELECT and INSERT");
    }

    @Test
    void aMemberOfTheOwnersRoleIsRefused() {
        assertThat(check("owner_member", "member")).singleElement()
                .satisfies(f -> assertThat(f.problem()).contains("owns ledger_entry (or is a member of its owner's role)"));
    }

    @Test
    void aDatabaseThatCannotBeReachedIsNamed() {
        assertThat(check(appRole, "not-the-password")).singleElement().satisfies(f -> {
            assertThat(f.property()).isEqualTo("spring.datasource.url");
            assertThat(f.problem()).contains("could not connect").doesNotContain("not-the-password");
        });
    }

    private List<Finding> check(String role, String password) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("operator", Map.of("spring.datasource.url", url,
                "spring.datasource.username", role, "spring.datasource.password", password,
                "spring.flyway.user", ownerRole)));
        return DatabaseRoleCheck.check(env);
    }
}
