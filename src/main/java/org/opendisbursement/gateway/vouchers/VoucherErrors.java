package org.opendisbursement.gateway.vouchers;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Answers a {@link VoucherRequestException} with a 400 problem that says what to send. */
@RestControllerAdvice
class VoucherErrors {

    @ExceptionHandler(VoucherRequestException.class)
    ProblemDetail badRequest(VoucherRequestException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad request");
        return problem;
    }
}
