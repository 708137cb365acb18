package org.opendisbursement.gateway.intake;

import java.nio.file.Path;

/** A payment list arriving through either door: the file, its list fields, who sent it, and which door. */
public record IntakeRequest(Path file, String fileName, ListFields fields, String actor, Source source) {

    public enum Source { API, INBOX }
}
