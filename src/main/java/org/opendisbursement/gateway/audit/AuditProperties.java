package org.opendisbursement.gateway.audit;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code disbursement.audit.*}: how often the {@code audit.seal} route seals new ledger entries and how many ids one
 * sealing transaction covers, how many rows a cursor fetches at once when the ledger is streamed, and which API paths
 * the access log records.
 */
@ConfigurationProperties("disbursement.audit")
public record AuditProperties(
        @DefaultValue("true") boolean sealing,
        @DefaultValue("1000") long sealPeriodMs,
        @DefaultValue("20000") int sealChunk,
        @DefaultValue("2000") int fetchSize,
        /* the auditor API, reports and exports of the API, and the auditor pages of the web console */
        @DefaultValue({"/api/ledger", "/api/ledger/**", "/api/beneficiaries/**", "/api/access-log",
                "/api/payment-lists/*/report", "/api/payment-lists/*/installments", "/api/payment-lists/*/vouchers",
                "/api/payment-lists/*/installments/*/vouchers.pdf", "/api/reports/**", "/api/reconciliations/*/report.csv",
                "/audit", "/audit/**"})
        List<String> accessLogPaths) {
}
