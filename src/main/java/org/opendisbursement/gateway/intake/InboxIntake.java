package org.opendisbursement.gateway.intake;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The inbox door of {@code routes/intake-inbox.yaml}: a list {@code name.csv} is picked up once its sidecar
 * {@code name.properties} exists (programme, currency, firstDueDate, interval, approvalReference). The list is
 * uploaded by the inbox itself (actor {@value PaymentList#INBOX}) and waits, AWAITING_MAKER, until a finance maker
 * confirms it in the console or the API: whoever can write the folder could name any maker, so a sidecar's
 * {@code uploadedBy} is not read. After intake the file goes to {@code done/} or {@code failed/} with
 * {@code name.report.json} and a copy of the sidecar beside it.
 */
@Component("inboxIntake")
class InboxIntake {

    static final String RESULT_HEADER = "intakeResult";

    // Jackson 3 writes java.time values as ISO-8601 text by default (no JavaTimeModule, no WRITE_DATES_AS_TIMESTAMPS)
    private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** Reads the sidecar and makes the intake request; throws {@link InvalidListFieldsException} if it is wrong. */
    public IntakeRequest read(Exchange exchange) throws IOException {
        Path file = exchange.getIn().getBody(java.io.File.class).toPath();
        Map<String, String> fields = sidecar(file);
        return new IntakeRequest(file, file.getFileName().toString(), ListFields.parse(fields), PaymentList.INBOX,
                IntakeRequest.Source.INBOX);
    }

    /** Writes the report beside where the file is going, and tells the route which folder that is. */
    public void file(Exchange exchange) throws IOException {
        Path file = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class));
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", file.getFileName().toString());
        String folder;
        if (failure instanceof InvalidListFieldsException invalid) {
            folder = "failed";
            report.put("result", "invalid-list-fields");
            report.put("errors", invalid.errors());
        } else if (failure != null) {
            folder = "failed";
            report.put("result", "error");
            report.put("message", failure.getMessage());
        } else {
            IntakeOutcome outcome = exchange.getIn().getBody(IntakeOutcome.class);
            folder = outcome instanceof IntakeOutcome.Accepted ? "done" : "failed";
            report.put("result", outcome.getClass().getSimpleName().toLowerCase());
            report.put("outcome", outcome);
            if (outcome instanceof IntakeOutcome.Accepted accepted) {
                report.put("status", ListStatus.AWAITING_MAKER.name());
                report.put("next", "a finance maker confirms list " + accepted.listId() + " as hers (the console's list"
                        + " page, or POST /api/payment-lists/" + accepted.listId() + "/confirm); then a checker approves it");
            }
        }
        Path target = Files.createDirectories(file.resolveSibling(folder));
        String base = baseName(file);
        json.writeValue(target.resolve(base + ".report.json").toFile(), report);
        Path sidecar = file.resolveSibling(base + ".properties");
        if (Files.exists(sidecar)) {
            Files.copy(sidecar, target.resolve(base + ".properties"), StandardCopyOption.REPLACE_EXISTING);
        }
        exchange.getIn().setHeader(RESULT_HEADER, folder);
    }

    private static Map<String, String> sidecar(Path file) throws IOException {
        Path sidecar = file.resolveSibling(baseName(file) + ".properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(sidecar, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> fields.put(name, properties.getProperty(name)));
        return fields;
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
