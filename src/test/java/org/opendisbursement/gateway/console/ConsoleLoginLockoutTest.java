package org.opendisbursement.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opendisbursement.gateway.support.GatewayTest;
import org.opendisbursement.gateway.system.LoginThrottle;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The sign-in form under the same throttle as the API: after too many wrong passwords it says so, and for how long. */
@GatewayTest
class ConsoleLoginLockoutTest {

    @LocalServerPort
    int port;

    @Autowired
    LoginThrottle throttle;

    @BeforeEach
    @AfterEach
    void forget() {
        throttle.clear();
    }

    private ConsoleSession.Page signIn(ConsoleSession session, String password) {
        String token = session.tokenOf(session.get("/login"));
        return session.post("/login", Map.of("username", "ops", "password", password), token);
    }

    @Test
    void theFormSaysHowLongSigningInIsLockedAndTheRightPasswordWaitsToo() {
        ConsoleSession session = new ConsoleSession(port);
        for (int i = 1; i < 5; i++) {
            assertThat(signIn(session, "wrong").location()).endsWith("/login?error");
        }
        ConsoleSession.Page locked = signIn(session, "wrong");
        assertThat(locked.location()).endsWith("/login?locked=15");
        assertThat(session.follow(locked).body()).contains("signing in is locked for about 15 minutes");

        ConsoleSession.Page right = signIn(session, "demo");
        assertThat(right.location()).as("the right password waits for the lockout too").contains("/login?locked=");
        assertThat(session.get("/ops").status()).isEqualTo(302);
    }
}
