package org.opendisbursement.gateway.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.opendisbursement.gateway.reports.DonorReport;
import org.opendisbursement.gateway.reports.DonorReportCsv;
import org.opendisbursement.gateway.reports.DonorReports;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Donor reports per programme and per list, as JSON, as CSV ({@code .csv}) and as a printable HTML page
 * ({@code .html}).
 */
@RestController
@RequestMapping("/api/reports")
class ReportController {

    private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);

    private final DonorReports reports;
    private final Clock clock;

    ReportController(DonorReports reports, Clock clock) {
        this.reports = reports;
        this.clock = clock;
    }

    @GetMapping("/programmes/{programme}")
    DonorReport programme(@PathVariable String programme) {
        return programmeReport(programme);
    }

    @GetMapping("/programmes/{programme}.csv")
    void programmeCsv(@PathVariable String programme, HttpServletResponse response) throws IOException {
        csv(programmeReport(programme), "programme-" + programme, response);
    }

    @GetMapping("/programmes/{programme}.html")
    ResponseEntity<String> programmeHtml(@PathVariable String programme) {
        return ResponseEntity.ok().contentType(HTML).body(DonorReportHtml.render(programmeReport(programme), clock.getZone()));
    }

    @GetMapping("/lists/{id}")
    DonorReport list(@PathVariable long id) {
        return listReport(id);
    }

    @GetMapping("/lists/{id}.csv")
    void listCsv(@PathVariable long id, HttpServletResponse response) throws IOException {
        csv(listReport(id), "list-" + id, response);
    }

    @GetMapping("/lists/{id}.html")
    ResponseEntity<String> listHtml(@PathVariable long id) {
        return ResponseEntity.ok().contentType(HTML).body(DonorReportHtml.render(listReport(id), clock.getZone()));
    }

    private DonorReport programmeReport(String programme) {
        if (!programme.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "a programme code has 1-32 of A-Z 0-9 - _");
        }
        return reports.programme(programme).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "programme " + programme + " has no approved list"));
    }

    private DonorReport listReport(long id) {
        return reports.list(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no list " + id));
    }

    private static void csv(DonorReport report, String name, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"donor-report-" + name + ".csv\"");
        DonorReportCsv.write(report, response.getOutputStream());
    }
}
