package org.opendisbursement.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The rules that keep the packages apart: one owner per money table, and feature packages without dependency cycles.
 * SQL lives in string constants, which ArchUnit's model does not hold, so the table rules read each class file's
 * constant pool (where the compiler puts every text block, including constants inlined from other classes).
 * {@code theTableRulesCatchAStrayUpdateOrInsert} shows the rules fail on a class that writes either table.
 */
class ArchitectureTest {

    private static final String GATEWAY = "org.opendisbursement.gateway";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(GATEWAY);

    /** SQL that changes the installment table (not installment_reference: the lookahead stops at a name character). */
    static final Pattern WRITES_INSTALLMENT = Pattern.compile(
            "(?i)\\b(UPDATE|INSERT\\s+INTO|DELETE\\s+FROM|COPY|TRUNCATE(\\s+TABLE)?|ALTER\\s+TABLE)\\s+installment(?![\\w])");

    /** SQL that adds to, or tries to change, the ledger. */
    static final Pattern WRITES_LEDGER = Pattern.compile(
            "(?i)\\b(UPDATE|INSERT\\s+INTO|DELETE\\s+FROM|COPY|TRUNCATE(\\s+TABLE)?|ALTER\\s+TABLE)\\s+ledger_entry(?![\\w])");

    static ArchRule onlyInstallmentsWritesTheInstallmentTable() {
        return noClasses().that().resideOutsideOfPackage(GATEWAY + ".installments..")
                .should(containSql(WRITES_INSTALLMENT, "writes table installment, which only the installments package"
                        + " (Moves, InstallmentQueue, InstallmentRelease, PlanWriter) may change"))
                .because("installment state has one owner, and its history is written by the database from what that"
                        + " owner names (migration V8)");
    }

    static ArchRule onlyTheLedgerPackageAppendsToTheLedger() {
        return noClasses().that().resideOutsideOfPackage(GATEWAY + ".ledger..")
                .should(containSql(WRITES_LEDGER, "writes table ledger_entry, which only ledger.Ledger appends to"))
                .because("every ledger entry goes through one writer (or the database's installment_history trigger)");
    }

    @Test
    void onlyTheInstallmentsPackageChangesInstallments() {
        onlyInstallmentsWritesTheInstallmentTable().check(CLASSES);
    }

    @Test
    void onlyTheLedgerPackageWritesLedgerEntries() {
        onlyTheLedgerPackageAppendsToTheLedger().check(CLASSES);
    }

    @Test
    void theTableRulesCatchAStrayUpdateOrInsert() {
        JavaClasses stray = new ClassFileImporter().importClasses(StrayWriter.class);

        EvaluationResult installment = onlyInstallmentsWritesTheInstallmentTable().evaluate(stray);
        EvaluationResult ledger = onlyTheLedgerPackageAppendsToTheLedger().evaluate(stray);

        assertThat(installment.hasViolation()).isTrue();
        assertThat(installment.getFailureReport().getDetails()).singleElement().asString()
                .contains("StrayWriter").contains("UPDATE installment");
        assertThat(ledger.getFailureReport().getDetails()).singleElement().asString()
                .contains("StrayWriter").contains("INSERT INTO ledger_entry");
    }

    @Test
    void featurePackagesDependOnEachOtherWithoutCycles() {
        slices().matching(GATEWAY + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    private static ArchCondition<JavaClass> containSql(Pattern sql, String what) {
        return new ArchCondition<>("contain SQL that " + what) {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                Matcher m = sql.matcher(constants(item));
                if (m.find()) {
                    events.add(SimpleConditionEvent.satisfied(item, item.getName() + " has \"" + m.group() + "\": " + what));
                }
            }
        };
    }

    /** The UTF-8 entries of the class file's constant pool (every string constant and name in it), one per line. */
    private static String constants(JavaClass type) {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.reflect().getResourceAsStream(resource)) {
            if (in == null) {
                return "";
            }
            DataInputStream data = new DataInputStream(in);
            data.skipNBytes(8); // magic, minor and major version
            int count = data.readUnsignedShort();
            StringBuilder text = new StringBuilder();
            for (int i = 1; i < count; i++) {
                int tag = data.readUnsignedByte();
                switch (tag) {
                    case 1 -> text.append(data.readUTF()).append('\n');
                    case 7, 8, 16, 19, 20 -> data.skipNBytes(2);
                    case 15 -> data.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> data.skipNBytes(4);
                    case 5, 6 -> {
                        data.skipNBytes(8);
                        i++; // a long or a double takes two entries
                    }
                    default -> throw new IllegalStateException(type.getName() + ": constant pool tag " + tag + " unknown");
                }
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the rules must catch: a class outside the owners writing the money tables. */
    static final class StrayWriter {
        static final String RELEASE = "UPDATE installment SET state = 'READY' WHERE id = :id";
        static final String NOTE = "INSERT INTO ledger_entry (occurred_at, actor, action) VALUES (now(), 'x', 'y')";
    }
}
