package org.opendisbursement.gateway.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.Year;
import java.util.HexFormat;
import java.util.UUID;
import org.opendisbursement.gateway.ledger.Ledger;
import org.opendisbursement.gateway.ledger.LedgerAction;
import org.opendisbursement.gateway.ledger.LedgerEntry;
import org.opendisbursement.gateway.system.GatewayLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns an uploaded file into a stored list or a rejection, never anything in between. The file is streamed once
 * for its hash and once through the validator into PostgreSQL; the rows are checked against each other and earlier
 * lists in the database, and all of it happens in one transaction: a rejected list keeps only its REJECTED record,
 * its report and its ledger entry.
 */
@Service
public class IntakeService {

    private static final Logger log = LoggerFactory.getLogger(IntakeService.class);

    private final PaymentLists lists;
    private final IntakeStaging staging;
    private final ListChecks checks;
    private final ListErrors listErrors;
    private final PayoutLimits limits;
    private final PayableUnits units;
    private final IntakeProperties properties;
    private final Ledger ledger;
    private final TransactionTemplate transaction;
    private final GatewayLimits fieldLimit;
    private final Clock clock;

    IntakeService(PaymentLists lists, IntakeStaging staging, ListChecks checks, ListErrors listErrors,
                  PayoutLimits limits, PayableUnits units, IntakeProperties properties, Ledger ledger,
                  TransactionTemplate transaction, GatewayLimits fieldLimit, Clock clock) {
        this.lists = lists;
        this.staging = staging;
        this.checks = checks;
        this.listErrors = listErrors;
        this.limits = limits;
        this.units = units;
        this.properties = properties;
        this.ledger = ledger;
        this.transaction = transaction;
        this.fieldLimit = fieldLimit;
        this.clock = clock;
    }

    public IntakeOutcome ingest(IntakeRequest request) {
        String sha256 = sha256(request);
        var earlier = lists.findActiveByContent(sha256);
        if (earlier.isPresent()) {
            return new IntakeOutcome.DuplicateFile(earlier.get().id(), earlier.get().status());
        }
        try {
            IntakeOutcome outcome = transaction.execute(tx -> {
                Instant now = clock.instant();
                long listId = lists.insert(UUID.randomUUID(), request.fields(), request.fileName(), sha256,
                        request.source().name(), initialStatus(request), request.actor(), now);
                Object beforeRows = tx.createSavepoint();
                ValidationReport report = new ValidationReport(properties.maxReportedErrors());
                int rows = stageAndValidate(request, report);
                if (rows > 0) {
                    checks.run(listId, request.fields().programme(), report);
                }
                if (!report.isEmpty()) {
                    tx.rollbackToSavepoint(beforeRows);
                    return reject(listId, request, report, now);
                }
                tx.releaseSavepoint(beforeRows);
                return accept(listId, request, now);
            });
            log.info("list from {} via {}: {}", request.actor(), request.source(), describe(outcome));
            return outcome;
        } catch (DuplicateKeyException raced) {
            // the same bytes were accepted by a concurrent upload between our check and our insert
            var winner = lists.findActiveByContent(sha256).orElseThrow(() -> raced);
            return new IntakeOutcome.DuplicateFile(winner.id(), winner.status());
        }
    }

    /** Reads the file once, validating every row and streaming the valid ones into the staging table. */
    private int stageAndValidate(IntakeRequest request, ValidationReport report) {
        int maxRows = properties.maxRows();
        int[] rows = {0};
        try (InputStream in = Files.newInputStream(request.file()); PaymentListCsv csv = PaymentListCsv.open(in, fieldLimit.csvFieldLength())) {
            var headerErrors = csv.readHeader();
            if (!headerErrors.isEmpty()) {
                report.addAll(headerErrors);
                return 0;
            }
            var validator = new RowValidator(request.fields(), limits, units, Year.now(clock), csv.headerSize());
            Writer copy = staging.open();
            try {
                csv.forEachRow(row -> {
                    if (++rows[0] > maxRows) {
                        report.add(ValidationError.of(row.number(), null, "max-rows", "the list has more than "
                                + maxRows + " rows, the most one list may have; split it into smaller lists", null));
                        return false;
                    }
                    RowValidator.Check check = validator.check(row);
                    if (check instanceof RowValidator.Accepted accepted) {
                        IntakeStaging.write(copy, accepted.row());
                    } else if (check instanceof RowValidator.Refused refused) {
                        report.addAll(refused.errors());
                    }
                    return true;
                });
            } catch (MalformedListException e) {
                report.add(e.error());
            } finally {
                copy.close();
            }
            if (rows[0] == 0 && report.isEmpty()) {
                report.add(ValidationError.of(2, null, "no-rows", "the list has a header but no beneficiaries", null));
            }
            staging.analyse();
            return rows[0];
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the uploaded list", e);
        }
    }

    private IntakeOutcome reject(long listId, IntakeRequest request, ValidationReport report, Instant now) {
        int errorCount = Math.toIntExact(Math.min(report.total(), Integer.MAX_VALUE));
        lists.decide(listId, initialStatus(request), ListStatus.REJECTED, "intake", now,
                "validation found " + report.total() + " error(s)", errorCount);
        listErrors.save(listId, report.errors());
        ledger.append(LedgerEntry.at(now)
                .by(request.actor()).action(LedgerAction.LIST_REJECTED).list(listId)
                .amount(null, request.fields().currency().getCurrencyCode()).to(ListStatus.REJECTED.name())
                .detail(report.total() + " validation error(s) in " + request.fileName()).build());
        return new IntakeOutcome.Rejected(listId, report.total(), report.truncated(), report.errors(), report.counts());
    }

    private IntakeOutcome accept(long listId, IntakeRequest request, Instant now) {
        long[] totals = staging.promote(listId, request.fields().programme());
        int rows = Math.toIntExact(totals[0]);
        lists.recordTotals(listId, rows, totals[1], Math.toIntExact(totals[2]));
        String currency = request.fields().currency().getCurrencyCode();
        ListStatus status = initialStatus(request);
        ledger.append(LedgerEntry.at(now)
                .by(request.actor()).action(LedgerAction.LIST_UPLOADED).list(listId).amount(totals[1], currency)
                .to(status.name())
                .detail(rows + " beneficiaries, " + totals[2] + " installments, from " + request.fileName()
                        + (status == ListStatus.AWAITING_MAKER ? "; waits for a finance maker to confirm it" : ""))
                .build());
        return new IntakeOutcome.Accepted(listId, rows, totals[1], currency);
    }

    /**
     * A list uploaded over HTTP is its uploader's, a finance maker, and waits for a checker; one from the inbox was
     * uploaded by the inbox and waits for a finance maker to confirm it first (whoever can write the folder is not
     * thereby a maker).
     */
    private static ListStatus initialStatus(IntakeRequest request) {
        return request.source() == IntakeRequest.Source.INBOX ? ListStatus.AWAITING_MAKER : ListStatus.PENDING_APPROVAL;
    }

    private static String sha256(IntakeRequest request) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(request.file()), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the uploaded list", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(IntakeOutcome outcome) {
        if (outcome instanceof IntakeOutcome.Accepted a) {
            return "list " + a.listId() + " accepted, " + a.rows() + " rows";
        } else if (outcome instanceof IntakeOutcome.Rejected r) {
            return "list " + r.listId() + " rejected, " + r.errorCount() + " error(s)";
        } else if (outcome instanceof IntakeOutcome.DuplicateFile d) {
            return "duplicate of list " + d.earlierListId();
        }
        throw new IllegalStateException("unknown outcome " + outcome);
    }
}
