package org.opendisbursement.gateway.reconciliation;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Reconciliation refusals as RFC 7807 problems: what was wrong and what to do. */
@RestControllerAdvice(assignableTypes = ReconciliationController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ReconciliationErrors {

    @ExceptionHandler(StatementRejectedException.class)
    ProblemDetail rejected(StatementRejectedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("Statement rejected");
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(DuplicateStatementException.class)
    ProblemDetail duplicate(DuplicateStatementException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Statement already reconciled");
        problem.setProperty("reconciliationId", e.earlierId());
        return problem;
    }

    @ExceptionHandler(ReconciliationRequestException.class)
    ProblemDetail request(ReconciliationRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle(e.status().getReasonPhrase());
        return problem;
    }
}
