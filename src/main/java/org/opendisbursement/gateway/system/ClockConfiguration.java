package org.opendisbursement.gateway.system;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one clock every component reads time from, and the programme's calendar time zone for due dates. */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    @Bean
    Clock clock(@Value("${disbursement.time-zone:Asia/Dhaka}") String zone) {
        return Clock.system(ZoneId.of(zone));
    }
}
