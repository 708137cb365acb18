package org.opendisbursement.gateway.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.security.Principal;
import java.util.List;
import org.opendisbursement.gateway.dispatch.ProviderControl;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.sandbox.Sandbox;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Providers for ops: state (paused, breaker, in flight, backlog), pause and resume; {@code sandbox: true} marks a
 * provider answered by the gateway's own mock (no real money).
 */
@RestController
@RequestMapping("/api/providers")
class ProviderController {

    record Reason(String reason) {
    }

    /** One provider's view plus whether it is a sandbox. */
    record ProviderState(@JsonUnwrapped ProviderControl.ProviderView view, boolean sandbox) {
    }

    private final ProviderControl control;
    private final Sandbox sandbox;

    ProviderController(ProviderControl control, Sandbox sandbox) {
        this.control = control;
        this.sandbox = sandbox;
    }

    @GetMapping
    List<ProviderState> all() {
        return states();
    }

    @PostMapping("/{name}/pause")
    List<ProviderState> pause(@PathVariable String name, @RequestBody(required = false) Reason reason, Principal user) {
        return set(name, true, reason, user);
    }

    @PostMapping("/{name}/resume")
    List<ProviderState> resume(@PathVariable String name, @RequestBody(required = false) Reason reason, Principal user) {
        return set(name, false, reason, user);
    }

    private List<ProviderState> set(String name, boolean paused, Reason reason, Principal user) {
        if (!control.exists(name)) {
            throw new ListNotFoundException("no provider " + name);
        }
        control.setPaused(name, paused, user.getName(), reason == null ? null : reason.reason());
        return states();
    }

    private List<ProviderState> states() {
        return control.all().stream().map(view -> new ProviderState(view, sandbox.isSandbox(view.name()))).toList();
    }
}
