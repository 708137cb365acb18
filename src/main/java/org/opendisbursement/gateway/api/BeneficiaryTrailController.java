package org.opendisbursement.gateway.api;

import jakarta.servlet.http.HttpServletRequest;
import org.opendisbursement.gateway.audit.AccessLog;
import org.opendisbursement.gateway.audit.AuditorLedger;
import org.opendisbursement.gateway.audit.BeneficiaryTrail;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /api/beneficiaries/{id}/trail}: one beneficiary's trail across lists ({@link BeneficiaryTrail}). */
@RestController
class BeneficiaryTrailController {

    private final AuditorLedger ledger;

    BeneficiaryTrailController(AuditorLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/api/beneficiaries/{beneficiaryId}/trail")
    BeneficiaryTrail.Trail trail(@PathVariable String beneficiaryId, @RequestParam(required = false) String programme,
                                 HttpServletRequest request) {
        if (!beneficiaryId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "a beneficiary id is 1-64 of letters, digits and -_. (ids with '/' : "
                    + "GET /api/ledger?beneficiary=…)");
        }
        if (programme != null && !programme.matches("[A-Z0-9_-]{1,32}")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "'programme' must be a programme code (A-Z 0-9 - _)");
        }
        BeneficiaryTrail.Trail found = ledger.trail(beneficiaryId, programme);
        if (found.lists().isEmpty() && found.entries().isEmpty()) {
            throw new ListNotFoundException("no beneficiary " + beneficiaryId
                    + (programme == null ? "" : " in programme " + programme));
        }
        request.setAttribute(AccessLog.ROWS, found.entries().size());
        return found;
    }
}
