package org.opendisbursement.gateway.intake;

/** A valid row of a payment list, normalised: wallet number in E.164, amount in minor units of the list's currency. */
record BeneficiaryRow(int row, String beneficiaryId, String fullName, String nationalId, Channel channel,
                      String walletNumber, long amountMinor, int installments, String location, String category) {
}
