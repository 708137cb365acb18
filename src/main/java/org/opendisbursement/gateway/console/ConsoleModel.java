package org.opendisbursement.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.sandbox.Sandbox;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What every console page gets: {@code viewer} (who is signed in, with which roles), {@code fmt} (money, counts
 * and times in the reader's zone) and {@code sandboxProviders} (for the banner "sandbox providers — no real money");
 * and a page, not a JSON problem, when something asked for does not exist. Applies
 * to the console's controllers only, ahead of the API's error advice.
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleModel {

    private final ConsoleZone zones;
    private final Sandbox sandbox;

    ConsoleModel(ConsoleZone zones, Sandbox sandbox) {
        this.zones = zones;
        this.sandbox = sandbox;
    }

    @ModelAttribute("viewer")
    Viewer viewer() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return Viewer.of(authentication);
    }

    @ModelAttribute("fmt")
    ConsoleFormat format(HttpServletRequest request) {
        return new ConsoleFormat(zones.of(request));
    }

    @ModelAttribute("sandboxProviders")
    List<String> sandboxProviders() {
        return sandbox.providers();
    }

    @ExceptionHandler({ListNotFoundException.class, MethodArgumentTypeMismatchException.class})
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(Exception e, Model model, HttpServletRequest request) {
        model.addAttribute("viewer", viewer());
        model.addAttribute("fmt", format(request));
        model.addAttribute("title", "Not found");
        model.addAttribute("message", e instanceof ListNotFoundException ? e.getMessage() : "There is no such page.");
        return "console/problem";
    }
}
