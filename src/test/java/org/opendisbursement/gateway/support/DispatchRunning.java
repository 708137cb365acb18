package org.opendisbursement.gateway.support;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Starts and stops the dispatch routes (off by default in tests) and waits for a list's installments to settle. */
public final class DispatchRunning implements AutoCloseable {

    private final CamelContext camel;

    private DispatchRunning(CamelContext camel) {
        this.camel = camel;
    }

    public static DispatchRunning start(CamelContext camel) throws Exception {
        camel.getRouteController().startRoute("dispatch.send");
        camel.getRouteController().startRoute("dispatch.check");
        return new DispatchRunning(camel);
    }

    @Override
    public void close() throws Exception {
        camel.getRouteController().stopRoute("dispatch.send");
        camel.getRouteController().stopRoute("dispatch.check");
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    public static long count(NamedParameterJdbcTemplate jdbc, long listId, String state) {
        return jdbc.queryForObject("SELECT count(*) FROM installment WHERE list_id = :id AND state = :state",
                Map.of("id", listId, "state", state), Long.class);
    }

    public static String stateOf(NamedParameterJdbcTemplate jdbc, long listId, String beneficiaryId, int number) {
        return jdbc.queryForObject("""
                SELECT i.state FROM installment i JOIN beneficiary b ON b.id = i.beneficiary_ref
                WHERE i.list_id = :id AND b.beneficiary_id = :b AND i.number = :n""",
                Map.of("id", listId, "b", beneficiaryId, "n", number), String.class);
    }
}
