package org.opendisbursement.gateway.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How much the gateway reads of one request, under {@code disbursement.limits}: an uploaded file with its form
 * ({@code upload-size}: payment lists, provider statements; {@code spring.servlet.multipart} follows it), an upload of
 * offline voucher redemptions ({@code bulk-redemption-size}), any other body ({@code body-size}: JSON, forms), and the
 * longest field of any uploaded CSV file ({@code csv-field-length} characters). {@link RequestSizeLimit} refuses a
 * larger body with 413 before anything reads it; the CSV readers stop at the first longer field.
 */
@ConfigurationProperties("disbursement.limits")
public record GatewayLimits(@DefaultValue("256MB") DataSize uploadSize, @DefaultValue("4MB") DataSize bulkRedemptionSize,
                            @DefaultValue("1MB") DataSize bodySize, @DefaultValue("1000") int csvFieldLength) {

    public GatewayLimits {
        if (csvFieldLength < 1) {
            throw new IllegalArgumentException("disbursement.limits.csv-field-length must be at least 1");
        }
    }

    /** The defaults, for code (and tests) that runs without Spring. */
    public static GatewayLimits defaults() {
        return new GatewayLimits(DataSize.ofMegabytes(256), DataSize.ofMegabytes(4), DataSize.ofMegabytes(1), 1000);
    }
}
