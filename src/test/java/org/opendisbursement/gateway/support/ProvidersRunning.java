package org.opendisbursement.gateway.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opendisbursement.gateway.dispatch.ProviderControl;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * After each test of the shared context, resumes every provider the gateway paused by itself for an account fault
 * (a test that plays an account fault leaves it so): the next test class starts with every provider running, as a
 * test that pauses one by hand already ensures for itself. The resume is ops' own action, with its ledger entry.
 */
public final class ProvidersRunning implements AfterEachCallback {

    @Override
    public void afterEach(ExtensionContext context) {
        ProviderControl control = SpringExtension.getApplicationContext(context).getBean(ProviderControl.class);
        control.all().stream().filter(p -> p.paused() && p.faultCode() != null)
                .forEach(p -> control.setPaused(p.name(), false, "test", "the test that played an account fault is over"));
    }
}
