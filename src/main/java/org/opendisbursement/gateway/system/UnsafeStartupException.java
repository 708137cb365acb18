package org.opendisbursement.gateway.system;

import java.util.List;
import java.util.stream.Collectors;
import org.opendisbursement.gateway.system.StartupSafety.Finding;
import org.springframework.boot.ExitCodeGenerator;

/**
 * The gateway refuses to start: the message names every offending property (never a value). {@code java -jar}
 * exits with {@value #EXIT_CODE} (EX_CONFIG of sysexits.h: a configuration error).
 */
public class UnsafeStartupException extends IllegalStateException implements ExitCodeGenerator {

    static final int EXIT_CODE = 78;

    private final transient List<Finding> findings;

    UnsafeStartupException(String reason, List<Finding> findings) {
        super("The gateway refuses to start under " + reason + ": " + findings.size() + " setting"
                + (findings.size() == 1 ? " is" : "s are") + " not safe for real money:\n"
                + findings.stream().map(f -> "  - " + f).collect(Collectors.joining("\n")));
        this.findings = List.copyOf(findings);
    }

    public List<Finding> findings() {
        return findings;
    }

    @Override
    public int getExitCode() {
        return EXIT_CODE;
    }
}
