package org.opendisbursement.gateway.api;

import java.util.Map;
import java.util.TreeMap;
import org.opendisbursement.gateway.audit.AccessLog;
import org.opendisbursement.gateway.system.LoginLockedOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records each sign-in lockout ({@code system.LoginThrottle}) in the access log, where auditors read who did what
 * ({@code GET /api/access-log}): the user name as typed, the client address, the request that made the last wrong
 * password, status 429, and in {@code error} what was locked and until when. Never a password.
 */
@Component
class LoginLockouts {

    private static final Logger log = LoggerFactory.getLogger(LoginLockouts.class);

    private final AccessLog accessLog;
    private final JsonMapper json = JsonMapper.shared();

    LoginLockouts(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    @EventListener
    void record(LoginLockedOut lockout) {
        try {
            Map<String, Object> facts = new TreeMap<>();
            facts.put("lockout", lockout.scope().name());
            facts.put("until", lockout.until().toString());
            facts.put("failures", lockout.failures());
            accessLog.record(new AccessLog.Access(0, lockout.at(), lockout.username().isEmpty() ? "(none)" : lockout.username(),
                    "", cut(lockout.method(), 10), cut(lockout.path(), 500), json.writeValueAsString(facts), "none", 429,
                    null, 0, lockout.address(), "LOCKED_OUT: " + lockout.failures() + " wrong passwords for this "
                    + (lockout.scope() == LoginLockedOut.Scope.USER ? "user name" : "address") + "; signing in is refused "
                    + "until " + lockout.until()));
        } catch (RuntimeException e) { // a JacksonException is one too
            log.error("could not record the sign-in lockout of '{}' from {} in the access log", lockout.username(),
                    lockout.address(), e);
        }
    }

    private static String cut(String text, int max) {
        return text == null ? "" : text.length() <= max ? text : text.substring(0, max);
    }
}
