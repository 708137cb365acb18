package org.opendisbursement.gateway.api;

import org.apache.camel.CamelExecutionException;
import org.opendisbursement.gateway.intake.FourEyesViolationException;
import org.opendisbursement.gateway.intake.InvalidListFieldsException;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.intake.StateConflictException;
import org.opendisbursement.gateway.reconciliation.DuplicateStatementException;
import org.opendisbursement.gateway.reconciliation.StatementRejectedException;
import org.opendisbursement.gateway.system.BodyTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/**
 * The gateway's one error advice: every refusal becomes an RFC 7807 problem answer that says what was wrong and what
 * to do. A request the gateway cannot act on as sent is Spring's {@link ErrorResponseException} (thrown as a
 * {@code ResponseStatusException} with its status and message, by a controller or by the service that found the
 * fault) and is answered as it says; the features' own refusals (four eyes, a state that does not allow it, a
 * rejected statement …) are answered here with their titles. A problem without a title of its own is titled by its
 * status ("Bad Request", "Not Found"). The console's pages have their own advice for what is not found.
 */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(ErrorResponseException.class)
    ProblemDetail refused(ErrorResponseException e) {
        return e.getBody();
    }

    @ExceptionHandler(InvalidListFieldsException.class)
    ProblemDetail invalidFields(InvalidListFieldsException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid list fields",
                "the list fields given with the upload are wrong; nothing was stored");
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(ListNotFoundException.class)
    ProblemDetail notFound(ListNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(FourEyesViolationException.class)
    ProblemDetail fourEyes(FourEyesViolationException e) {
        return problem(HttpStatus.FORBIDDEN, "Four-eyes rule", e.getMessage());
    }

    @ExceptionHandler(StateConflictException.class)
    ProblemDetail conflict(StateConflictException e) {
        return problem(HttpStatus.CONFLICT, "Not possible in this state", e.getMessage());
    }

    @ExceptionHandler(StatementRejectedException.class)
    ProblemDetail statementRejected(StatementRejectedException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Statement rejected", e.getMessage());
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(DuplicateStatementException.class)
    ProblemDetail duplicateStatement(DuplicateStatementException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Statement already reconciled", e.getMessage());
        problem.setProperty("reconciliationId", e.earlierId());
        return problem;
    }

    @ExceptionHandler({MissingServletRequestPartException.class, MissingServletRequestParameterException.class})
    ProblemDetail missing(Exception e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail wrongType(MethodArgumentTypeMismatchException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "'" + e.getName() + "' must be a "
                + (e.getRequiredType() == null ? "value of another type" : e.getRequiredType().getSimpleName().toLowerCase()));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "File too large", e.getMessage());
    }

    /** A body sent without its length that ran past its cap ({@code disbursement.limits}) while it was read. */
    @ExceptionHandler(BodyTooLargeException.class)
    ProblemDetail bodyTooLarge(BodyTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "Content Too Large", e.getMessage());
    }

    /** An unreadable body: 413 when it was cut at its cap; anything else goes on to Spring's own answer (400). */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) throws HttpMessageNotReadableException {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return bodyTooLarge(tooLarge);
            }
        }
        throw e;
    }

    /** Exceptions thrown inside a route arrive wrapped; answer for the cause. */
    @ExceptionHandler(CamelExecutionException.class)
    ProblemDetail fromRoute(CamelExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof InvalidListFieldsException invalid) {
            return invalidFields(invalid);
        }
        log.error("route failed", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the request failed inside the gateway; nothing was stored");
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
