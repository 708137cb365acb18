package org.opendisbursement.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opendisbursement.gateway.system.StartupSafety.Finding;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The start-up checker as a plain unit: a production configuration with real-looking values passes, and each
 * unsafe value (one test per kind) is named by its property, never shown. No Spring context, no database.
 */
class StartupSafetyTest {

    private static final StartupSafety CHECKER = StartupSafety.packaged();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Object> settings = safeProduction();

    @Test
    void aProductionConfigurationWithRealValuesHasNoFinding() {
        assertThat(findings()).isEmpty();
    }

    @ParameterizedTest(name = "{0} callback-secret {1}")
    @CsvSource({"mpesa, change-me-mpesa", "mtn, change-me-mtn", "mtn, test-mtn-secret", "mpesa, <generate one>"})
    void aKnownDefaultCallbackSecretIsNamed(String provider, String secret) {
        settings.put("disbursement.providers." + provider + ".callback-secret", secret);

        assertThat(findings()).singleElement().satisfies(f -> {
            assertThat(f.property()).isEqualTo("disbursement.providers." + provider + ".callback-secret");
            assertThat(f.problem()).contains("known default");
        });
        assertThat(message()).doesNotContain(secret);
    }

    @Test
    void aCallbackSecretShorterThan32CharactersIsNamed() {
        String secret = hex(15) + "a";  // 31 characters
        settings.put("disbursement.providers.mtn.callback-secret", secret);

        assertThat(findings()).containsExactly(new Finding("disbursement.providers.mtn.callback-secret",
                "shorter than 32 characters; generate one (openssl rand -hex 32)"));
        assertThat(message()).doesNotContain(secret);
    }

    @Test
    void aCallbackAddressWithoutASecretIsNamed() {
        settings.remove("disbursement.providers.mtn.callback-secret");

        assertThat(properties()).containsExactly("disbursement.providers.mtn.callback-secret");
    }

    @Test
    void mPesaWithoutCallbacksIsNamedWhileMtnMayGoWithout() {
        settings.remove("disbursement.providers.mpesa.callback-secret");
        settings.remove("disbursement.providers.mpesa.callback-base-url");
        settings.remove("disbursement.providers.mtn.callback-secret");
        settings.remove("disbursement.providers.mtn.callback-base-url");

        assertThat(properties()).containsExactly("disbursement.providers.mpesa.callback-base-url",
                "disbursement.providers.mpesa.callback-secret");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"bkash, app-secret, test-app-secret", "bkash, password, test-password",
            "nagad, merchant-id, 683002007104225", "nagad, disbursement-product-id, test-product",
            "mpesa, initiator-name, testapi", "mpesa, short-code, 600979", "mpesa, consumer-key, test-key",
            "mtn, api-user, 2e1b3c0a-5f1d-4c8e-9d7a-1b2c3d4e5f60", "mtn, target-environment, sandbox",
            "mtn, subscription-key, test-subscription"})
    void aMockProvidersTestCredentialIsNamed(String provider, String credential, String value) {
        String property = "disbursement.providers." + provider + ".credentials." + credential;
        settings.put(property, value);

        assertThat(properties()).containsExactly(property);
        assertThat(message()).doesNotContain(value);
    }

    @Test
    void aTestOnlyKeyIsNamedByItsFileOrItsText(@TempDir Path folder) throws Exception {
        String prefix = "disbursement.providers.nagad.credentials.";
        settings.remove(prefix + "merchant-private-key-pem");
        settings.put(prefix + "merchant-private-key-pem-file", "mock-providers/keys/test-only-merchant-private.pem");
        Path renamed = Files.copy(Path.of("mock-providers/keys/test-only-nagad-mock-public.pem"),
                folder.resolve("nagad-public.pem"));
        settings.remove(prefix + "nagad-public-key-pem");
        settings.put(prefix + "nagad-public-key-pem-file", renamed.toString());
        settings.put(prefix + "hmac-key", Files.readString(Path.of("mock-providers/keys/test-only-nagad-merchant-hmac-key.pem"))
                .toLowerCase(java.util.Locale.ROOT));

        assertThat(properties()).containsExactly(prefix + "hmac-key", prefix + "merchant-private-key-pem-file",
                prefix + "nagad-public-key-pem-file");
        assertThat(message()).doesNotContain("test-only-merchant-private").doesNotContain(renamed.toString());
    }

    @Test
    void aMissingCredentialIsNamed() {
        settings.remove("disbursement.providers.bkash.credentials.app-key");
        settings.remove("disbursement.providers.nagad.credentials.hmac-key");

        assertThat(properties()).containsExactly("disbursement.providers.bkash.credentials.app-key",
                "disbursement.providers.nagad.credentials.hmac-key");
    }

    @Test
    void aProviderAddressThatIsNotHttpsIsNamedUnlessItIsThisMachine() {
        settings.put("disbursement.providers.bkash.base-url", "http://bkash.example.org/v1.2.0-beta/checkout");
        settings.put("disbursement.providers.mtn.callback-base-url", "http://gateway.example.org");
        settings.put("disbursement.providers.nagad.base-url", "http://localhost:9102");
        settings.put("disbursement.providers.mpesa.base-url", "http://127.0.0.1:9103");

        assertThat(properties()).containsExactly("disbursement.providers.bkash.base-url",
                "disbursement.providers.mtn.callback-base-url");
    }

    @Test
    void aProviderWithoutAddressIsNamedUnlessItIsDisabled() {
        settings.remove("disbursement.providers.nagad.base-url");
        settings.remove("disbursement.providers.mtn.base-url");
        settings.put("disbursement.providers.mtn.enabled", "false");
        settings.put("disbursement.providers.mtn.credentials.api-key", "test-api-key");

        assertThat(properties()).containsExactly("disbursement.providers.nagad.base-url");
    }

    @Test
    void theDemoUsersAreNamed() throws Exception {
        List<PropertySource<?>> demo = new YamlPropertySourceLoader().load("demo", new ClassPathResource("application-demo.yml"));
        settings.put("disbursement.security.users[0].username", "maker");
        settings.put("disbursement.security.users[0].password", demo.get(0).getProperty("disbursement.security.users[0].password"));

        assertThat(findings()).singleElement().satisfies(f -> {
            assertThat(f.property()).isEqualTo("disbursement.security.users[0].password");
            assertThat(f.problem()).contains("demo password").contains("'maker'");
        });
    }

    @Test
    void anyUserWithTheDemoPasswordIsNamed() {
        settings.put("disbursement.security.users[1].username", "rahim");
        settings.put("disbursement.security.users[1].password", "{bcrypt}" + new BCryptPasswordEncoder(4).encode("demo"));
        settings.put("disbursement.security.users[1].roles[0]", "OPS");

        assertThat(properties()).containsExactly("disbursement.security.users[1].password");
    }

    @Test
    void aNoopOrUnencodedPasswordIsNamed() {
        settings.put("disbursement.security.users[1].username", "rahim");
        settings.put("disbursement.security.users[1].password", "{noop}Correct-Horse-Battery-Staple");
        settings.put("disbursement.security.users[2].username", "karim");
        settings.put("disbursement.security.users[2].password", "plain-text-password");

        assertThat(findings()).extracting(Finding::property).containsExactly("disbursement.security.users[1].password",
                "disbursement.security.users[2].password");
        assertThat(findings().get(0).problem()).contains("{noop}");
        assertThat(message()).doesNotContain("Correct-Horse").doesNotContain("plain-text-password");
    }

    @Test
    void oneAccountHoldingBothMakerAndCheckerIsNamed() {
        settings.put("disbursement.security.users[1].username", "rahim");
        settings.put("disbursement.security.users[1].password", "{bcrypt}" + new BCryptPasswordEncoder(4).encode(hex(16)));
        settings.put("disbursement.security.users[1].roles[0]", "FINANCE_CHECKER");
        settings.put("disbursement.security.users[1].roles[1]", "AUDITOR");
        settings.put("disbursement.security.users[1].roles[2]", "FINANCE_MAKER");
        settings.put("disbursement.security.users[2].username", "karim");
        settings.put("disbursement.security.users[2].password", "{bcrypt}" + new BCryptPasswordEncoder(4).encode(hex(16)));
        settings.put("disbursement.security.users[2].roles[0]", "FINANCE_CHECKER");

        assertThat(findings()).singleElement().satisfies(f -> {
            assertThat(f.property()).isEqualTo("disbursement.security.users[1].roles");
            assertThat(f.problem()).contains("both FINANCE_MAKER and FINANCE_CHECKER", "'rahim'", "four eyes");
        });
    }

    @Test
    void twoAccountsOfOnePersonInCanonicalFormAndAccountsNamedLikeTheGatewaysOwnActorsAreNamed() {
        String[] names = {"Amina ", "Ｉｎｂｏｘ", "callback:mtn"};
        for (int i = 0; i < names.length; i++) {
            settings.put("disbursement.security.users[" + (i + 1) + "].username", names[i]);
            settings.put("disbursement.security.users[" + (i + 1) + "].password",
                    "{bcrypt}" + new BCryptPasswordEncoder(4).encode(hex(16)));
            settings.put("disbursement.security.users[" + (i + 1) + "].roles[0]", "FINANCE_CHECKER");
        }

        assertThat(findings()).extracting(Finding::property).containsExactly("disbursement.security.users[1].username",
                "disbursement.security.users[2].username", "disbursement.security.users[3].username");
        assertThat(findings().get(0).problem()).contains("same person as 'amina'");
        assertThat(findings().get(1).problem()).contains("the gateway itself acts under");
    }

    @Test
    void noUsersAtAllIsNamed() {
        settings.keySet().removeIf(name -> name.startsWith("disbursement.security.users"));

        assertThat(properties()).containsExactly("disbursement.security.users");
    }

    @Test
    void migratingAsTheApplicationsOwnRoleIsNamed() {
        settings.put("spring.flyway.user", "gateway_app");
        assertThat(properties()).containsExactly("spring.flyway.user");

        settings.remove("spring.flyway.user");
        assertThat(properties()).containsExactly("spring.flyway.user");

        settings.put("spring.flyway.enabled", "false");
        assertThat(findings()).isEmpty();
    }

    @Test
    void theAnchorKeyIsRequiredStrongAndNoPlaceholderWhileAnchoring() {
        settings.remove("disbursement.audit.anchor-key");
        assertThat(findings()).singleElement().satisfies(f -> {
            assertThat(f.property()).isEqualTo("disbursement.audit.anchor-key");
            assertThat(f.problem()).startsWith("not set");
        });
        settings.put("disbursement.audit.anchor-key", "change-me");
        assertThat(properties()).containsExactly("disbursement.audit.anchor-key");
        settings.put("disbursement.audit.anchor-key", hex(8));
        assertThat(findings()).singleElement().satisfies(f -> assertThat(f.problem()).startsWith("shorter than 32"));
        settings.put("disbursement.audit.anchoring", "false");
        assertThat(findings()).as("anchoring off: no key needed").isEmpty();
    }

    @Test
    void theDemoConfigurationUnderProdIsRefusedPropertyByPropertyInOneMessageWithoutAValue() throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("database", Map.of(
                "spring.datasource.url", "jdbc:postgresql://db.example.org/gateway",
                "spring.datasource.username", "gateway_app")));
        new YamlPropertySourceLoader().load("demo", new ClassPathResource("application-demo.yml"))
                .forEach(env.getPropertySources()::addLast);
        new YamlPropertySourceLoader().load("packaged", new ClassPathResource("application.yml"))
                .forEach(env.getPropertySources()::addLast);

        String message = new UnsafeStartupException("the prod profile", CHECKER.check(env)).getMessage();
        System.out.println(message);

        assertThat(message).contains(
                "disbursement.providers.bkash.credentials.app-key: a mock provider's",
                "disbursement.providers.bkash.credentials.app-secret:",
                "disbursement.providers.bkash.credentials.password:",
                "disbursement.providers.nagad.credentials.merchant-private-key-pem-file: names a TEST-ONLY key",
                "disbursement.providers.nagad.credentials.hmac-key-file:",
                "disbursement.providers.mpesa.callback-secret: a known default",
                "disbursement.providers.mpesa.credentials.security-credential:",
                "disbursement.providers.mtn.callback-secret: a known default",
                "disbursement.providers.mtn.credentials.api-key:",
                "disbursement.security.users[0].password: the demo password",
                "disbursement.security.users[4].password: the demo password",
                "spring.flyway.user: not set",
                "disbursement.audit.anchor-key: not set");
        for (String value : List.of("change-me-mpesa", "change-me-mtn", "test-app-secret", "test-credential",
                "683002007104225", "test-only-merchant-private", "$2a$10$")) {
            assertThat(message).as("never a value").doesNotContain(value);
        }
    }

    @Test
    void theChecksApplyUnderProdAndOnARealDatabaseWithoutTheDemoProfile() {
        StandardEnvironment embeddedDefault = new StandardEnvironment();
        embeddedDefault.getPropertySources().addFirst(new MapPropertySource(EmbeddedPostgresEnvironment.SOURCE,
                Map.of("spring.datasource.url", "jdbc:postgresql://localhost:5432/gateway")));
        assertThat(StartupSafety.applies(embeddedDefault)).as("embedded default").isFalse();

        StandardEnvironment realDatabase = new StandardEnvironment();
        realDatabase.getPropertySources().addFirst(new MapPropertySource("operator",
                Map.of("spring.datasource.url", "jdbc:postgresql://db.example.org/gateway")));
        assertThat(StartupSafety.applies(realDatabase)).as("real database").isTrue();
        realDatabase.setActiveProfiles("demo");
        assertThat(StartupSafety.applies(realDatabase)).as("real database, demo profile").isFalse();
        realDatabase.setActiveProfiles("demo", "prod");
        assertThat(StartupSafety.applies(realDatabase)).as("prod wins over demo").isTrue();

        StandardEnvironment prodWithoutDatabase = new StandardEnvironment();
        prodWithoutDatabase.setActiveProfiles("prod");
        assertThat(StartupSafety.applies(prodWithoutDatabase)).as("prod").isTrue();
    }

    @Test
    void theDatabaseRolesRightsAreJudged() {
        var clean = new DatabaseRoleCheck.RoleRights(false, false, true, false, List.of(), false);
        assertThat(DatabaseRoleCheck.judge(clean)).isEmpty();

        var owner = new DatabaseRoleCheck.RoleRights(false, false, true, true, List.of("UPDATE", "DELETE", "TRUNCATE"), true);
        assertThat(DatabaseRoleCheck.judge(owner)).singleElement().satisfies(f -> {
            assertThat(f.property()).isEqualTo("spring.datasource.username");
            assertThat(f.problem()).contains("owns ledger_entry");
        });

        var superuser = new DatabaseRoleCheck.RoleRights(true, true, false, true, List.of(), true);
        assertThat(DatabaseRoleCheck.judge(superuser)).singleElement()
                .satisfies(f -> assertThat(f.problem()).contains("superuser"));

        var granted = new DatabaseRoleCheck.RoleRights(false, true, true, false, List.of("UPDATE", "TRUNCATE"), false);
        assertThat(DatabaseRoleCheck.judge(granted)).extracting(Finding::problem).containsExactly(
                "the application's role has CREATEROLE: it could grant itself the owner's rights",
                "the application's role may UPDATE, TRUNCATE ledger_entry: it must have only SELECT and INSERT");

        var memberBeforeTheFirstMigration = new DatabaseRoleCheck.RoleRights(false, false, false, false, List.of(), true);
        assertThat(DatabaseRoleCheck.judge(memberBeforeTheFirstMigration)).singleElement()
                .satisfies(f -> assertThat(f.problem()).contains("member of the schema owner's role"));
    }

    private List<Finding> findings() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("operator", settings));
        return CHECKER.check(env);
    }

    private List<String> properties() {
        return findings().stream().map(Finding::property).toList();
    }

    private String message() {
        return new UnsafeStartupException("the prod profile", findings()).getMessage();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** What an operator gives under prod: https addresses, the providers' credentials, strong secrets, real users. */
    private static Map<String, Object> safeProduction() {
        Map<String, Object> s = new HashMap<>();
        s.put("spring.datasource.url", "jdbc:postgresql://db.example.org:5432/gateway");
        s.put("spring.datasource.username", "gateway_app");
        s.put("spring.flyway.user", "gateway_owner");
        s.put("disbursement.audit.anchor-key", hex(32));
        String p = "disbursement.providers.";
        s.put(p + "bkash.base-url", "https://tokenized.pay.bka.sh/v1.2.0-beta/checkout");
        for (String key : List.of("username", "password", "app-key", "app-secret")) {
            s.put(p + "bkash.credentials." + key, hex(16));
        }
        s.put(p + "nagad.base-url", "https://api.mynagad.com");
        s.put(p + "nagad.credentials.merchant-id", "683099" + RANDOM.nextInt(100_000_000));
        s.put(p + "nagad.credentials.aggregator-id", "683098" + RANDOM.nextInt(100_000_000));
        s.put(p + "nagad.credentials.disbursement-product-id", "EPR-KHULNA-2026");
        s.put(p + "nagad.credentials.merchant-private-key-pem", "-----BEGIN PRIVATE KEY-----\n" + hex(64) + "\n-----END PRIVATE KEY-----");
        s.put(p + "nagad.credentials.nagad-public-key-pem", "-----BEGIN PUBLIC KEY-----\n" + hex(64) + "\n-----END PUBLIC KEY-----");
        s.put(p + "nagad.credentials.hmac-key", hex(32));
        s.put(p + "nagad.credentials.description", "Cash support");
        s.put(p + "mpesa.base-url", "https://api.safaricom.co.ke");
        for (String key : List.of("consumer-key", "consumer-secret", "initiator-name", "security-credential")) {
            s.put(p + "mpesa.credentials." + key, hex(16));
        }
        s.put(p + "mpesa.credentials.short-code", "3" + RANDOM.nextInt(100_000));
        s.put(p + "mpesa.credentials.command-id", "BusinessPayment");
        s.put(p + "mpesa.callback-secret", hex(32));
        s.put(p + "mpesa.callback-base-url", "https://gateway.example.org");
        s.put(p + "mtn.base-url", "https://proxy.momoapi.mtn.com");
        s.put(p + "mtn.credentials.api-user", java.util.UUID.randomUUID().toString());
        s.put(p + "mtn.credentials.api-key", hex(16));
        s.put(p + "mtn.credentials.subscription-key", hex(16));
        s.put(p + "mtn.credentials.target-environment", "mtnuganda");
        s.put(p + "mtn.callback-secret", hex(32));
        s.put(p + "mtn.callback-base-url", "https://gateway.example.org");
        s.put("disbursement.security.users[0].username", "amina");
        s.put("disbursement.security.users[0].password", "{bcrypt}" + new BCryptPasswordEncoder(4).encode(hex(16)));
        s.put("disbursement.security.users[0].roles[0]", "FINANCE_MAKER");
        return s;
    }
}
