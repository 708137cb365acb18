package org.opendisbursement.gateway.sandbox;

import java.util.List;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every console page the sandboxed providers, for the banner "sandbox providers — no real money". */
@ControllerAdvice(basePackages = "org.opendisbursement.gateway.console")
class SandboxBanner {

    private final Sandbox sandbox;

    SandboxBanner(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    @ModelAttribute("sandboxProviders")
    List<String> sandboxProviders() {
        return sandbox.providers();
    }
}
