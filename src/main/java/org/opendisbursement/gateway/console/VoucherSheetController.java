package org.opendisbursement.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.opendisbursement.gateway.intake.StateConflictException;
import org.opendisbursement.gateway.vouchers.VoucherPrinting;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * Voucher sheets in the console session, so the browser never needs the API's Basic credentials: printing and
 * reprinting are forms (POST, with the CSRF token) because they make or void codes; the register, a copy without
 * codes, is a plain link (GET) and changes nothing.
 */
@Controller
class VoucherSheetController {

    private final VoucherPrinting printing;
    private final ConsoleModel pages;

    VoucherSheetController(VoucherPrinting printing, ConsoleModel pages) {
        this.printing = printing;
        this.pages = pages;
    }

    @PostMapping("/lists/{id}/installments/{number}/vouchers.pdf")
    @ResponseBody
    ResponseEntity<byte[]> print(@PathVariable long id, @PathVariable int number, @RequestParam(required = false) String location,
                                 @RequestParam(defaultValue = "false") boolean reprint, Principal user) {
        VoucherPrinting.Mode mode = reprint ? VoucherPrinting.Mode.REPRINT : VoucherPrinting.Mode.PRINT;
        return pdf(id, number, mode, printing.print(id, number, location, user.getName(), mode));
    }

    @GetMapping("/lists/{id}/installments/{number}/vouchers.pdf")
    @ResponseBody
    ResponseEntity<byte[]> register(@PathVariable long id, @PathVariable int number,
                                    @RequestParam(required = false) String location, Principal user) {
        return pdf(id, number, VoucherPrinting.Mode.COPY,
                printing.print(id, number, location, user.getName(), VoucherPrinting.Mode.COPY));
    }

    /** Printed once already, or nothing left to pay: said on a page, with the way on. */
    @ExceptionHandler(StateConflictException.class)
    String conflict(StateConflictException e, Model model, HttpServletRequest request,
                    HttpServletResponse response) {
        response.setStatus(HttpStatus.CONFLICT.value());
        return problem("Not printed", e.getMessage().replace("Ask for reprint=true", "Press Reprint")
                .replace("copy=true gives the register", "the register shows their states")
                .replace("or copy=true for the register", "or open the register"), model, request);
    }

    @ExceptionHandler(ResponseStatusException.class)
    String refused(ResponseStatusException e, Model model, HttpServletRequest request,
                   HttpServletResponse response) {
        response.setStatus(e.getStatusCode().value());
        return problem("Not printed", e.getReason(), model, request);
    }

    private String problem(String title, String message, Model model, HttpServletRequest request) {
        model.addAttribute("viewer", pages.viewer());
        model.addAttribute("fmt", pages.format(request));
        model.addAttribute("title", title);
        model.addAttribute("message", message);
        return "console/problem";
    }

    private static ResponseEntity<byte[]> pdf(long id, int number, VoucherPrinting.Mode mode, VoucherPrinting.Printed printed) {
        String file = printed.fileName(id, number, mode);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().filename(file, StandardCharsets.UTF_8).build().toString())
                .header("X-Vouchers-Printed", Integer.toString(printed.vouchers()))
                .body(printed.pdf());
    }
}
