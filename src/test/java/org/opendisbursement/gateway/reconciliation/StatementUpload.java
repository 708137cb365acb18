package org.opendisbursement.gateway.reconciliation;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.opendisbursement.gateway.support.Api;

/** Posts a provider statement to {@code POST /api/reconciliations} as multipart, signed in as a test user. */
final class StatementUpload {

    private final int port;

    StatementUpload(int port) {
        this.port = port;
    }

    Api.Response post(String user, String fileName, String csv, Map<String, String> fields) {
        return new Api(port).multipart(user, "/api/reconciliations", fileName, csv.getBytes(StandardCharsets.UTF_8), fields);
    }
}
