package org.opendisbursement.gateway.vouchers;

/** A voucher request the gateway cannot act on as sent (400); the message says what to send instead. */
class VoucherRequestException extends RuntimeException {

    VoucherRequestException(String message) {
        super(message);
    }
}
