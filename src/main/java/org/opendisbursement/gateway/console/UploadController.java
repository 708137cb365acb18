package org.opendisbursement.gateway.console;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.opendisbursement.gateway.intake.IntakeOutcome;
import org.opendisbursement.gateway.intake.IntakeRequest;
import org.opendisbursement.gateway.intake.InvalidListFieldsException;
import org.opendisbursement.gateway.intake.ListFields;
import org.opendisbursement.gateway.intake.ValidationError;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A finance maker's upload: the CSV file (dropped on the page or chosen) and the list fields as a form, into the
 * same {@code intake.upload} route as the API. A valid list goes to its page to wait for a checker; a rejected one to
 * its page with the validation report; wrong list fields or a file uploaded before come back to the form, saying so.
 */
@Controller
class UploadController {

    private static final List<String> FIELDS = List.of("programme", "currency", "firstDueDate", "interval",
            "approvalReference");

    private final ProducerTemplate camel;
    private final ConsoleZone zones;

    UploadController(ProducerTemplate camel, ConsoleZone zones) {
        this.camel = camel;
        this.zones = zones;
    }

    @GetMapping("/lists/upload")
    String form(Model model, HttpServletRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("currency", "BDT");
        values.put("interval", "P1M");
        values.put("firstDueDate", LocalDate.now(zones.of(request)).plusMonths(1).withDayOfMonth(1).toString());
        model.addAttribute("values", values);
        model.addAttribute("fieldErrors", Map.of());
        return "console/upload";
    }

    @PostMapping(path = "/lists/upload", consumes = "multipart/form-data")
    String upload(@RequestParam(name = "file", required = false) MultipartFile file,
                  @RequestParam Map<String, String> parameters, Principal user, Model model,
                  RedirectAttributes flash) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        FIELDS.forEach(name -> values.put(name, parameters.getOrDefault(name, "")));
        model.addAttribute("values", values);
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        model.addAttribute("fieldErrors", fieldErrors);
        if (file == null || file.isEmpty()) {
            fieldErrors.put("file", "Choose the list's CSV file (or drop it on the box).");
        }
        ListFields fields = null;
        try {
            fields = ListFields.parse(values);
        } catch (InvalidListFieldsException invalid) {
            invalid.errors().forEach(error -> fieldErrors.putIfAbsent(error.column(), sentence(error)));
        }
        if (!fieldErrors.isEmpty()) {
            model.addAttribute("problem", "Nothing was uploaded: correct the fields marked below.");
            return "console/upload";
        }
        Path copy = Files.createTempFile("payment-list-", ".csv");
        try {
            file.transferTo(copy);
            String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank() ? "upload.csv"
                    : Path.of(file.getOriginalFilename()).getFileName().toString();
            var request = new IntakeRequest(copy, name, fields, user.getName(), IntakeRequest.Source.API);
            return answer(camel.requestBody("direct:intake.upload", request, IntakeOutcome.class), model, flash);
        } catch (CamelExecutionException failed) {
            if (failed.getCause() instanceof InvalidListFieldsException invalid) {
                invalid.errors().forEach(error -> fieldErrors.putIfAbsent(error.column(), sentence(error)));
                model.addAttribute("problem", "Nothing was uploaded: correct the fields marked below.");
                return "console/upload";
            }
            throw failed;
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static String answer(IntakeOutcome outcome, Model model, RedirectAttributes flash) {
        if (outcome instanceof IntakeOutcome.Accepted accepted) {
            flash.addFlashAttribute("notice", "List " + accepted.listId() + " uploaded with " + accepted.rows()
                    + " beneficiaries. It now waits for a finance checker (another person) to approve it.");
            return "redirect:/lists/" + accepted.listId();
        } else if (outcome instanceof IntakeOutcome.Rejected rejected) {
            flash.addFlashAttribute("problem", "List " + rejected.listId() + " was not accepted: " + rejected.errorCount()
                    + (rejected.errorCount() == 1 ? " error" : " errors")
                    + ". Fix them in your file (the report below says where) and upload it again.");
            return "redirect:/lists/" + rejected.listId();
        } else if (outcome instanceof IntakeOutcome.DuplicateFile duplicate) {
            model.addAttribute("problem", "This very file was already uploaded as list " + duplicate.earlierListId()
                    + " (" + duplicate.earlierStatus().name().toLowerCase().replace('_', ' ') + "). Nothing new was stored.");
            model.addAttribute("duplicateOf", duplicate.earlierListId());
            return "console/upload";
        }
        throw new IllegalStateException("unknown outcome " + outcome);
    }

    private static String sentence(ValidationError error) {
        String message = error.message();
        return message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".";
    }
}
