package org.opendisbursement.gateway.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole gateway on a random port, on the one embedded PostgreSQL of the test run, talking to the mock providers
 * of {@link MockProviderServers}. Every integration test uses
 * exactly this annotation so that Spring caches and shares one context (and so one database) across classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("test")
@Import({TestClockConfiguration.class, DatabaseOwner.class})
@ContextConfiguration(initializers = MockProviderServers.class)
@ExtendWith(ProvidersRunning.class)
public @interface GatewayTest {
}
