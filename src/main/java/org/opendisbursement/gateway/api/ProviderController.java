package org.opendisbursement.gateway.api;

import java.security.Principal;
import java.util.List;
import org.opendisbursement.gateway.dispatch.ProviderControl;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Providers for ops: state (paused, breaker, in flight, backlog), pause and resume. */
@RestController
@RequestMapping("/api/providers")
class ProviderController {

    record Reason(String reason) {
    }

    private final ProviderControl control;

    ProviderController(ProviderControl control) {
        this.control = control;
    }

    @GetMapping
    List<ProviderControl.ProviderView> all() {
        return control.all();
    }

    @PostMapping("/{name}/pause")
    List<ProviderControl.ProviderView> pause(@PathVariable String name, @RequestBody(required = false) Reason reason, Principal user) {
        return set(name, true, reason, user);
    }

    @PostMapping("/{name}/resume")
    List<ProviderControl.ProviderView> resume(@PathVariable String name, @RequestBody(required = false) Reason reason, Principal user) {
        return set(name, false, reason, user);
    }

    private List<ProviderControl.ProviderView> set(String name, boolean paused, Reason reason, Principal user) {
        if (!control.exists(name)) {
            throw new ListNotFoundException("no provider " + name);
        }
        control.setPaused(name, paused, user.getName(), reason == null ? null : reason.reason());
        return control.all();
    }
}
