package org.opendisbursement.gateway.audit;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Wrong filters on the auditor endpoints become RFC 7807 answers (400) that say what to send instead. */
@RestControllerAdvice(basePackageClasses = AuditErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AuditErrors {

    @ExceptionHandler(AuditRequestException.class)
    ProblemDetail badFilter(AuditRequestException e) {
        return problem(e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        return problem("'" + e.getName() + "' must be a " + (e.getRequiredType() == null ? "value of another type"
                : e.getRequiredType().getSimpleName().toLowerCase()));
    }

    private static ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Bad request");
        return problem;
    }
}
