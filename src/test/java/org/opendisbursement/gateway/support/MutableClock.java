package org.opendisbursement.gateway.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** A clock tests move by hand; it reads the real time until told otherwise. */
public final class MutableClock extends Clock {

    private final ZoneId zone;
    private volatile Instant fixed;

    MutableClock(ZoneId zone) {
        this.zone = zone;
    }

    public void setDate(LocalDate date) {
        fixed = date.atTime(10, 0).atZone(zone).toInstant();
    }

    public void advance(Duration duration) {
        fixed = instant().plus(duration);
    }

    public void reset() {
        fixed = null;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return Clock.fixed(instant(), other);
    }

    @Override
    public Instant instant() {
        Instant now = fixed;
        return now == null ? Instant.now() : now;
    }
}
