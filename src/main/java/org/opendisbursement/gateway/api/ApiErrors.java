package org.opendisbursement.gateway.api;

import org.apache.camel.CamelExecutionException;
import org.opendisbursement.gateway.intake.FourEyesViolationException;
import org.opendisbursement.gateway.intake.InvalidListFieldsException;
import org.opendisbursement.gateway.intake.ListNotFoundException;
import org.opendisbursement.gateway.intake.StateConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/** Turns refusals into RFC 7807 problem answers that say what was wrong and what to do. */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(InvalidListFieldsException.class)
    ProblemDetail invalidFields(InvalidListFieldsException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid list fields",
                "the list fields given with the upload are wrong; nothing was stored");
        problem.setProperty("errors", e.errors());
        return problem;
    }

    @ExceptionHandler(ListNotFoundException.class)
    ProblemDetail notFound(ListNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(FourEyesViolationException.class)
    ProblemDetail fourEyes(FourEyesViolationException e) {
        return problem(HttpStatus.FORBIDDEN, "Four-eyes rule", e.getMessage());
    }

    @ExceptionHandler(StateConflictException.class)
    ProblemDetail conflict(StateConflictException e) {
        return problem(HttpStatus.CONFLICT, "Not possible in this state", e.getMessage());
    }

    @ExceptionHandler({BadRequestException.class, MissingServletRequestPartException.class,
            MissingServletRequestParameterException.class})
    ProblemDetail badRequest(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "File too large", e.getMessage());
    }

    /** Exceptions thrown inside a route arrive wrapped; answer for the cause. */
    @ExceptionHandler(CamelExecutionException.class)
    ProblemDetail fromRoute(CamelExecutionException e) throws Exception {
        Throwable cause = e.getCause();
        if (cause instanceof InvalidListFieldsException invalid) {
            return invalidFields(invalid);
        }
        log.error("route failed", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "the request failed inside the gateway; nothing was stored");
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
