package org.opendisbursement.gateway.system;

import java.time.Instant;

/**
 * Published once when a lockout starts: the user name as typed (never the password), the client address, whether
 * the {@code USER} or the {@code ADDRESS} is locked, until when, how many wrong passwords led to it, and the request
 * that made the last one. The web layer records it in the access log.
 */
public record LoginLockedOut(Instant at, String username, String address, Scope scope, Instant until, int failures,
                             String method, String path) {

    public enum Scope { USER, ADDRESS }
}
