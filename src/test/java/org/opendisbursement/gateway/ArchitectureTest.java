package org.opendisbursement.gateway;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.opendisbursement.gateway");

    @Test
    void featurePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("org.opendisbursement.gateway.(*)..").should().beFreeOfCycles().check(GATEWAY);
    }
}
