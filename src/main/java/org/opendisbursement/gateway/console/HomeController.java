package org.opendisbursement.gateway.console;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Signing in, the start page (each role lands where its work is) and the "not for your role" page. */
@Controller
class HomeController {

    @GetMapping("/login")
    String login(@ModelAttribute("viewer") Viewer viewer) {
        return viewer.signedIn() ? "redirect:/" : "console/login";
    }

    @GetMapping("/")
    String home(@ModelAttribute("viewer") Viewer viewer) {
        if (viewer.maker() || viewer.checker()) {
            return "redirect:/lists";
        } else if (viewer.ops()) {
            return "redirect:/ops";
        } else if (viewer.auditor()) {
            return "redirect:/audit";
        }
        return "console/home";
    }

    /** Also the target of a refused POST (forwarded here), hence every method. */
    @RequestMapping("/denied")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String denied(Model model) {
        model.addAttribute("title", "Not for your role");
        model.addAttribute("message", "Your role may not open this page or press this button. "
                + "Ask a colleague with the right role, or an administrator.");
        return "console/problem";
    }
}
