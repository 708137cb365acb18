package org.opendisbursement.gateway.system;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.Profiles;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Secure by default: what a gateway that may move real money must not start with. It applies under the {@code prod}
 * profile, and whenever a real database is configured ({@code spring.datasource.url}) without the explicit
 * {@code demo} profile; the embedded default and {@code demo} are left alone. Each finding names one offending
 * property and what is wrong with it, never its value:
 *
 * <ul>
 * <li>every enabled provider: a {@code base-url} (https, or plain http to localhost only), credentials that are
 *     set and none of them a mock's or the demo's test value or TEST-ONLY key ({@link KnownTestValues}), a
 *     {@code callback-base-url} on https, and a {@code callback-secret} of at least {@value #MIN_SECRET_LENGTH}
 *     characters that is no known default;</li>
 * <li>users: at least one, none with the demo password, a {@code {noop}} (clear text) or no encoded password; no
 *     account that is both FINANCE_MAKER and FINANCE_CHECKER (four eyes: one person could upload and approve under
 *     two hats); no two accounts whose names are one in canonical form ({@link UserNames}), nor an account named like
 *     one of the gateway's own actors ({@code inbox}, {@code dispatch} …);</li>
 * <li>the database: Flyway migrates as a schema owner ({@code spring.flyway.user}) that is not the application's
 *     role. What the role may do to {@code ledger_entry} is asked of the database itself ({@link DatabaseRoleCheck}).</li>
 * <li>the ledger's anchors: while the {@code audit.anchor} route runs, the key of their MACs
 *     ({@code disbursement.audit.anchor-key}) is set, at least {@value #MIN_SECRET_LENGTH} characters and no known
 *     default; the gateway never generates one here (it must be kept where the database's administrators cannot
 *     read it).</li>
 * </ul>
 *
 * <p>{@link StartupSafetyCheck} runs it before the gateway starts anything and refuses to start on any finding.
 */
public final class StartupSafety {

    /** One offending property and what is wrong with it (never its value). */
    public record Finding(String property, String problem) {

        @Override
        public String toString() {
            return property + ": " + problem;
        }
    }

    static final int MIN_SECRET_LENGTH = 32;
    private static final String PRODUCTION = "prod";
    private static final String PROVIDERS = "disbursement.providers";
    private static final String USERS = "disbursement.security.users";
    private static final String ANCHOR_KEY = "disbursement.audit.anchor-key";
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    /** The names the gateway itself writes into the ledger as actors: no person may sign in under one. */
    static final Set<String> SYSTEM_ACTORS = Set.of("inbox", "intake", "dispatch", "gateway", "scheduler", "migration",
            "system");

    /** The credentials each adapter cannot work without. */
    private static final Map<String, List<String>> REQUIRED_CREDENTIALS = Map.of(
            "bkash", List.of("username", "password", "app-key", "app-secret"),
            "nagad", List.of("merchant-id", "aggregator-id", "disbursement-product-id", "merchant-private-key-pem",
                    "nagad-public-key-pem", "hmac-key"),
            "mpesa", List.of("consumer-key", "consumer-secret", "initiator-name", "security-credential", "short-code"),
            "mtn", List.of("api-user", "api-key", "subscription-key", "target-environment"));
    /** Providers that report payouts only by callback: they need a callback address and secret (M-Pesa's B2C). */
    private static final Set<String> CALLBACKS_ONLY = Set.of("mpesa");
    /** Keys that may instead come from the file named by {@code <name>-file} (Nagad's). */
    private static final Set<String> FROM_FILE = Set.of("merchant-private-key-pem", "nagad-public-key-pem", "hmac-key");

    /** What the checker reads of one provider's settings ({@code disbursement.providers.<name>.*}). */
    record ProviderLogin(@DefaultValue("true") boolean enabled, String baseUrl,
                         @DefaultValue Map<String, String> credentials, String callbackSecret, String callbackBaseUrl) {
    }

    private final KnownTestValues known;
    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    StartupSafety(KnownTestValues known) {
        this.known = known;
    }

    /** The checker with the packaged demo configuration's and mock providers' values as the known test values. */
    static StartupSafety packaged() {
        return new StartupSafety(KnownTestValues.packaged());
    }

    /** Whether this start may move real money: {@code prod}, or a real database without {@code demo}. */
    static boolean applies(ConfigurableEnvironment env) {
        return env.acceptsProfiles(Profiles.of(PRODUCTION)) || realDatabase(env) && !DemoConfiguration.demoProfile(env);
    }

    /** Why the checks apply, for the refusal's first line. */
    static String reason(ConfigurableEnvironment env) {
        return env.acceptsProfiles(Profiles.of(PRODUCTION)) ? "the prod profile"
                : "a real database (spring.datasource.url) without the demo profile";
    }

    private static boolean realDatabase(ConfigurableEnvironment env) {
        return env.getPropertySources().get(EmbeddedPostgresEnvironment.SOURCE) == null
                && !value(env, "spring.datasource.url").isEmpty();
    }

    /** Every finding about the configuration, providers first (by name), then users, then the database owner. */
    List<Finding> check(ConfigurableEnvironment env) {
        List<Finding> findings = new ArrayList<>();
        Binder binder = Binder.get(env);
        Map<String, ProviderLogin> providers = new TreeMap<>(binder.bind(PROVIDERS,
                Bindable.mapOf(String.class, ProviderLogin.class)).orElse(Map.of()));
        providers.forEach((name, login) -> {
            if (login.enabled()) {
                provider(name, login, findings);
            }
        });
        users(binder.bind(USERS, Bindable.listOf(GatewayUsers.User.class)).orElse(List.of()), findings);
        databaseOwner(env, findings);
        anchorKey(env, findings);
        return findings;
    }

    private void provider(String name, ProviderLogin login, List<Finding> findings) {
        String prefix = PROVIDERS + "." + name + ".";
        address(prefix, login.baseUrl(), findings);
        credentials(name, prefix, login.credentials(), findings);
        callbacks(name, prefix, login, findings);
    }

    private static void address(String prefix, String baseUrl, List<Finding> findings) {
        if (blank(baseUrl)) {
            findings.add(new Finding(prefix + "base-url", "not set: every enabled provider needs its real address "
                    + "(or set " + prefix + "enabled=false); a sandbox mock never runs here"));
            return;
        }
        String problem = insecureUrl(baseUrl);
        if (problem != null) {
            findings.add(new Finding(prefix + "base-url", problem));
        }
    }

    private void credentials(String name, String prefix, Map<String, String> credentials, List<Finding> findings) {
        for (String key : new TreeSet<>(credentials.keySet())) {
            String value = credentials.get(key);
            if (blank(value)) {
                continue;
            }
            String problem = key.endsWith("-file") ? testKeyFile(value)
                    : known.isTestValue(value) ? "a mock provider's test value: give the one the provider issued" : null;
            if (problem != null) {
                findings.add(new Finding(prefix + "credentials." + key, problem));
            }
        }
        for (String required : REQUIRED_CREDENTIALS.getOrDefault(name, List.of())) {
            boolean fromFile = FROM_FILE.contains(required) && !blank(credentials.get(required + "-file"));
            if (blank(credentials.get(required)) && !fromFile) {
                findings.add(new Finding(prefix + "credentials." + required, "not set"
                        + (FROM_FILE.contains(required) ? " (nor " + required + "-file)" : "")));
            }
        }
    }

    private void callbacks(String name, String prefix, ProviderLogin login, List<Finding> findings) {
        boolean required = CALLBACKS_ONLY.contains(name);
        if (blank(login.callbackBaseUrl())) {
            if (required) {
                findings.add(new Finding(prefix + "callback-base-url", "not set: this provider reports every payout "
                        + "by callback, to the gateway's public https address"));
            }
        } else {
            String problem = insecureUrl(login.callbackBaseUrl());
            if (problem != null) {
                findings.add(new Finding(prefix + "callback-base-url", problem));
            }
        }
        String secret = blank(login.callbackSecret()) ? "" : login.callbackSecret().strip();
        if (secret.isEmpty()) {
            if (required || !blank(login.callbackBaseUrl())) {
                findings.add(new Finding(prefix + "callback-secret", "not set: callbacks need a secret of "
                        + MIN_SECRET_LENGTH + " characters or more (openssl rand -hex 32)"));
            }
        } else if (known.isTestValue(secret)) {
            findings.add(new Finding(prefix + "callback-secret", "a known default or placeholder: anyone could "
                    + "forge this provider's callbacks; generate one (openssl rand -hex 32)"));
        } else if (secret.length() < MIN_SECRET_LENGTH) {
            findings.add(new Finding(prefix + "callback-secret", "shorter than " + MIN_SECRET_LENGTH
                    + " characters; generate one (openssl rand -hex 32)"));
        }
    }

    /** A problem with a key file named by a {@code *-file} credential, or null. */
    private String testKeyFile(String file) {
        if (file.toLowerCase(Locale.ROOT).contains("test-only")) {
            return "names a TEST-ONLY key of the mock providers (mock-providers/keys): give the key of your contract";
        }
        try {
            if (known.isTestKey(Files.readString(Path.of(file.strip()), StandardCharsets.US_ASCII))) {
                return "names a file holding a TEST-ONLY key of the mock providers: give the key of your contract";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "names no readable file";
        }
    }

    /** Why {@code url} may not carry payouts or callbacks (not https, unless to this machine), or null. */
    static String insecureUrl(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return "not a URL";
        }
        String scheme = Objects.requireNonNullElse(uri.getScheme(), "").toLowerCase(Locale.ROOT);
        String host = Objects.requireNonNullElse(uri.getHost(), "").toLowerCase(Locale.ROOT);
        if (host.isEmpty() || !(scheme.equals("https") || scheme.equals("http"))) {
            return "not an http(s) URL with a host";
        }
        if (scheme.equals("http") && !LOCAL_HOSTS.contains(host)) {
            return "not https: credentials, secrets and payouts would cross the network in clear text (plain http is "
                    + "for localhost only)";
        }
        return null;
    }

    private void users(List<GatewayUsers.User> users, List<Finding> findings) {
        if (users.isEmpty()) {
            findings.add(new Finding(USERS, "no users: configure the people who may sign in, each with a {bcrypt} "
                    + "hash (the demo users never run here)"));
            return;
        }
        Map<String, String> seen = new java.util.HashMap<>();
        for (int i = 0; i < users.size(); i++) {
            GatewayUsers.User user = users.get(i);
            String problem = passwordProblem(user.password());
            if (problem != null) {
                findings.add(new Finding(USERS + "[" + i + "].password", problem + " (user '" + user.username() + "')"));
            }
            List<String> roles = user.roles() == null ? List.of() : user.roles();
            if (roles.contains(AccessRules.MAKER) && roles.contains(AccessRules.CHECKER)) {
                findings.add(new Finding(USERS + "[" + i + "].roles", "both FINANCE_MAKER and FINANCE_CHECKER (user '"
                        + user.username() + "'): one person could make and approve the same money (four eyes); give"
                        + " each role to a different person"));
            }
            String name = UserNames.canonical(user.username());
            if (SYSTEM_ACTORS.contains(name) || name.contains(":")) {
                findings.add(new Finding(USERS + "[" + i + "].username", "'" + user.username() + "' is a name the gateway"
                        + " itself acts under in the ledger (as it does under 'callback:<provider>'); choose a person's name"));
            } else if (!name.isEmpty() && seen.putIfAbsent(name, user.username()) != null) {
                findings.add(new Finding(USERS + "[" + i + "].username", "'" + user.username() + "' is the same person as '"
                        + seen.get(name) + "' once case, spaces and look-alike characters are set aside: four eyes"
                        + " would take the two accounts for one person; give each person one account"));
            }
        }
    }

    private String passwordProblem(String password) {
        String stored = Objects.requireNonNullElse(password, "").strip();
        if (stored.isEmpty()) {
            return "not set";
        }
        if (stored.startsWith("{noop}")) {
            return "a {noop} password, kept in clear text: give a {bcrypt} hash";
        }
        if (!stored.startsWith("{")) {
            return "not an encoded password: give a {bcrypt} hash";
        }
        try {
            return passwords.matches("demo", stored) ? "the demo password: a demo user never runs here" : null;
        } catch (IllegalArgumentException e) {
            return "not an encoded password of a known kind: give a {bcrypt} hash";
        }
    }

    private static void databaseOwner(PropertyResolver env, List<Finding> findings) {
        if (value(env, "spring.flyway.enabled").equalsIgnoreCase("false")) {
            return;  // migrated by someone else, as someone else
        }
        String owner = value(env, "spring.flyway.user");
        String app = value(env, "spring.datasource.username");
        if (owner.isEmpty()) {
            findings.add(new Finding("spring.flyway.user", "not set: Flyway would migrate as the application's role "
                    + "(spring.datasource.username), which would then own ledger_entry and could alter it; name the "
                    + "schema owner (GATEWAY_DB_OWNER_USER under prod)"));
        } else if (owner.equals(app)) {
            findings.add(new Finding("spring.flyway.user", "the same role as spring.datasource.username: the "
                    + "application would own ledger_entry and could alter it; migrate as a distinct schema owner"));
        }
    }

    /** The key of the anchor file's MACs (audit.AnchorLog), unless anchoring is off. */
    private void anchorKey(PropertyResolver env, List<Finding> findings) {
        if (value(env, "disbursement.audit.anchoring").equalsIgnoreCase("false")) {
            return;
        }
        String key = value(env, ANCHOR_KEY);
        if (key.isEmpty()) {
            findings.add(new Finding(ANCHOR_KEY, "not set: the ledger's chain heads are anchored outside the database "
                    + "under this key; keep it where the database's administrators cannot read it (openssl rand -hex 32)"));
        } else if (known.isTestValue(key)) {
            findings.add(new Finding(ANCHOR_KEY, "a known default or placeholder: generate one (openssl rand -hex 32)"));
        } else if (key.length() < MIN_SECRET_LENGTH) {
            findings.add(new Finding(ANCHOR_KEY, "shorter than " + MIN_SECRET_LENGTH
                    + " characters; generate one (openssl rand -hex 32)"));
        }
    }

    /** A property's value, stripped; empty when unset or an unresolvable placeholder (an unset variable). */
    static String value(PropertyResolver env, String name) {
        try {
            return Objects.requireNonNullElse(env.getProperty(name), "").strip();
        } catch (IllegalArgumentException unresolvable) {
            return "";
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
