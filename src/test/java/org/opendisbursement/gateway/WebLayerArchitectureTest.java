package org.opendisbursement.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.conditions.ArchConditions.be;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.stereotype.Controller;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/**
 * The web layer rule (docs/architecture.md): {@code api} (REST: JSON, CSV, PDF and HTML answers) and {@code console}
 * (Thymeleaf pages) are the only web packages. Two named exceptions: a provider's callback endpoint stays in its
 * adapter folder ({@code providers/<name>}: one folder behind one internal contract), and {@code system} keeps the
 * web infrastructure every request passes through (the security chains, the startup gate). A feature may refuse a
 * request it cannot act on with Spring's {@link ErrorResponseException} (as a {@link ResponseStatusException}),
 * which {@code api} answers; it uses nothing else of Spring MVC or the servlet API. Other architecture rules go in
 * test classes of their own.
 */
@AnalyzeClasses(packages = "org.opendisbursement.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class WebLayerArchitectureTest {

    private static final String API = "org.opendisbursement.gateway.api..";
    private static final String CONSOLE = "org.opendisbursement.gateway.console..";
    private static final String SYSTEM = "org.opendisbursement.gateway.system..";

    private static final DescribedPredicate<JavaClass> WEB_PACKAGES = resideInAnyPackage(API, CONSOLE)
            .as("in api or console");

    private static final DescribedPredicate<JavaClass> PROVIDER_CALLBACK =
            resideInAPackage("org.opendisbursement.gateway.providers..")
                    .and(nameMatching(".*CallbackController(\\$.*)?"))
                    .as("a provider's callback controller");

    private static final DescribedPredicate<JavaClass> SPRING_MVC_OR_SERVLET =
            resideInAnyPackage("org.springframework.web..", "jakarta.servlet..")
                    .and(not(type(ErrorResponseException.class)))
                    .and(not(type(ResponseStatusException.class)))
                    .as("belong to Spring MVC or the servlet API (ErrorResponseException aside)");

    @ArchTest
    static final ArchRule controllersAndTheirAdviceLiveInTheWebPackages = classes()
            .that().areMetaAnnotatedWith(Controller.class).or().areMetaAnnotatedWith(ControllerAdvice.class)
            .should(be(WEB_PACKAGES.or(PROVIDER_CALLBACK)))
            .because("api/ and console/ are the only web packages; a provider's callback endpoint stays in its adapter");

    @ArchTest
    static final ArchRule featuresNeedNothingOfSpringMvcOrTheServletApi = noClasses()
            .that(not(WEB_PACKAGES).and(not(resideInAPackage(SYSTEM))).and(not(PROVIDER_CALLBACK)))
            .should().dependOnClassesThat(SPRING_MVC_OR_SERVLET)
            .because("feature packages keep services and queries; answering HTTP is the web layer's work");

    @ArchTest
    static final ArchRule nothingOutsideTheWebLayerDependsOnIt = noClasses()
            .that(not(WEB_PACKAGES))
            .should().dependOnClassesThat(WEB_PACKAGES)
            .because("the web layer calls the features, never the other way round");
}
