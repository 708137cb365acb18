package org.opendisbursement.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The canonical text the sealer hashes: every field delimited by its length or named when null, so no two entries share it. */
class CanonicalEntryTextTest {

    @Test
    void theCanonicalTextIsUnambiguousAndNamesNullsAndLengths() {
        var entry = new CanonicalEntry(42, Instant.parse("2026-12-01T04:00:00.123456Z"), "checker", "NOTE", 7L, null,
                "KHL|1", 750000L, "BDT", null, "READY", "", "রহিমা খাতুন");
        assertThat(entry.text()).isEqualTo("42|1796097600123456|7:checker|4:NOTE|7|-|5:KHL|1|750000|3:BDT|-|5:READY|0:|11:রহিমা খাতুন");
        assertThat(entry.chain()).isEqualTo(7);
        assertThat(new CanonicalEntry(1, Instant.EPOCH, "a", "b", null, null, null, null, null, null, null, null, null).chain())
                .isZero();
    }
}
