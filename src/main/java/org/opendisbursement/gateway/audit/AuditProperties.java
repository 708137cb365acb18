package org.opendisbursement.gateway.audit;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code disbursement.audit.*}: how often the {@code audit.seal} route seals new ledger entries and how many ids one
 * sealing transaction covers, how many rows a cursor fetches at once when the ledger is streamed, which API paths
 * the access log records, and the anchors kept outside the database ({@link AnchorLog}): whether the
 * {@code audit.anchor} route writes them ({@code anchoring}; its period is {@code anchor-period}, 10m by default, read
 * by the route), the file ({@code anchor-file}, blank: the default place) and the key of their MACs
 * ({@code anchor-key}, blank: generated and kept beside the data; required under prod).
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
        List<String> accessLogPaths,
        @DefaultValue("true") boolean anchoring,
        @DefaultValue("") String anchorFile,
        @DefaultValue("") String anchorKey) {

    @Override
    public String toString() {
        return "AuditProperties[sealing=" + sealing + ", anchorFile=" + anchorFile + ", anchorKey=***]";
    }
}
