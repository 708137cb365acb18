package org.opendisbursement.gateway.system;

import java.util.ArrayList;
import java.util.List;
import org.opendisbursement.gateway.system.StartupSafety.Finding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Runs {@link StartupSafety} and {@link DatabaseRoleCheck} once the configuration is complete and before the
 * gateway starts anything (no bean yet, so no migration, sandbox, route or web server), and refuses to start on
 * any finding, all of them named in one message ({@link UnsafeStartupException}).
 */
public class StartupSafetyCheck implements ApplicationListener<ApplicationPreparedEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupSafetyCheck.class);

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        ConfigurableEnvironment env = event.getApplicationContext().getEnvironment();
        if (!StartupSafety.applies(env)) {
            return;
        }
        List<Finding> findings = new ArrayList<>(StartupSafety.packaged().check(env));
        findings.addAll(DatabaseRoleCheck.check(env));
        if (!findings.isEmpty()) {
            throw new UnsafeStartupException(StartupSafety.reason(env), findings);
        }
        log.info("Start-up safety checks passed ({}): providers, users and the database role", StartupSafety.reason(env));
    }
}
