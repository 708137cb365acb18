package org.opendisbursement.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.DateTimeException;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The time zone a console user reads dates in: the browser's own (its {@code Intl} zone, posted once with the login
 * form and kept in the session), or {@code disbursement.time-zone} when the browser gave none or an unknown one.
 */
@Component
class ConsoleZone {

    private static final String ATTRIBUTE = ConsoleZone.class.getName();

    private final ZoneId fallback;

    ConsoleZone(@Value("${disbursement.time-zone:Asia/Dhaka}") String fallback) {
        this.fallback = ZoneId.of(fallback);
    }

    void remember(HttpServletRequest request, String zone) {
        if (zone == null || zone.isBlank() || zone.length() > 64) {
            return;
        }
        try {
            request.getSession().setAttribute(ATTRIBUTE, ZoneId.of(zone.strip()));
        } catch (DateTimeException unknown) {
            // an unknown zone name: keep the default
        }
    }

    ZoneId of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object zone = session == null ? null : session.getAttribute(ATTRIBUTE);
        return zone instanceof ZoneId id ? id : fallback;
    }
}
