package org.opendisbursement.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric names GatewayMetricsTest looks for are read out of PromQL without keywords, labels or functions. */
class MonitoringQueriesTest {

    @Test
    void metricNamesAreReadOutOfPromQl() {
        assertThat(MonitoringQueries.metricNames("histogram_quantile(0.95, sum by (le, provider) "
                + "(rate(x_seconds_bucket{operation=\"send\", provider=~\"a|b\"}[$__rate_interval]))) > 10 and on(provider) y_total"))
                .containsExactly("x_seconds_bucket", "y_total");
        assertThat(MonitoringQueries.metricNames("max by (provider) (deriv(backlog[30m])) > 0 unless up{job=\"gateway\"} == 0"))
                .containsExactly("backlog", "up");
    }
}
