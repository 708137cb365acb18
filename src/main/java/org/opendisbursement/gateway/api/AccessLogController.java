package org.opendisbursement.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import org.opendisbursement.gateway.audit.AccessLog;
import org.opendisbursement.gateway.audit.LedgerFilter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/access-log}: who read or exported what, newest first ({@code before} pages on), of one user and
 * under one path if asked.
 */
@RestController
class AccessLogController {

    private final AccessLog accessLog;
    private final Clock clock;

    AccessLogController(AccessLog accessLog, Clock clock) {
        this.accessLog = accessLog;
        this.clock = clock;
    }

    @GetMapping("/api/access-log")
    AccessLog.Page accessLog(@RequestParam(required = false) String user, @RequestParam(required = false) String path,
                             @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                             @RequestParam(required = false) Long before, @RequestParam(defaultValue = "100") int limit,
                             HttpServletRequest request) {
        Instant fromInstant = LedgerFilter.instant(from, "from", clock.getZone());
        Instant toInstant = LedgerFilter.instant(to, "to", clock.getZone());
        AccessLog.Page page = accessLog.page(user, path, fromInstant, toInstant,
                before == null ? Long.MAX_VALUE : before, Math.max(1, Math.min(limit, 1000)));
        request.setAttribute(AccessLog.ROWS, page.entries().size());
        return page;
    }
}
