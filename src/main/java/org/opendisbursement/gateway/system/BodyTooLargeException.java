package org.opendisbursement.gateway.system;

import java.io.IOException;

/**
 * A request body ran past its cap ({@link GatewayLimits}) while it was being read: one sent without a
 * {@code Content-Length} (chunked), since a declared length over the cap is refused before anything is read. The web
 * layer answers it with 413.
 */
public final class BodyTooLargeException extends IOException {

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("the request body is larger than " + RequestSizeLimit.human(limit) + ", the most this path accepts");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
