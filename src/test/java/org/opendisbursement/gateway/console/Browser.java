package org.opendisbursement.gateway.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver (never a downloaded one: Selenium Manager is bypassed by
 * naming both binaries), in a fresh profile, with the time zone a person's laptop would have. Saves screenshots under
 * {@code target/screenshots}. Paths can be moved with {@code -Dconsole.chromium=…} and {@code -Dconsole.chromedriver=…}.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);
    static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));

    /** Controls without a label (by for/id, by nesting, or by aria-label), as outer HTML. */
    private static final String UNLABELLED = """
            return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea, button'))
              .filter(function (el) {
                if (el.tagName === 'BUTTON') { return !(el.textContent.trim() || el.getAttribute('aria-label')); }
                var byFor = el.id && document.querySelector('label[for="' + el.id + '"]');
                return !(byFor || el.closest('label') || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'));
              }).map(function (el) { return el.outerHTML; });""";

    /** Header cells of tables without a scope. */
    private static final String UNSCOPED = """
            return Array.from(document.querySelectorAll('table th')).filter(function (th) {
              return !th.getAttribute('scope');
            }).map(function (th) { return th.outerHTML; });""";

    final WebDriver driver;
    final WebDriverWait wait;
    private final Path profile;
    private final int port;

    private Browser(WebDriver driver, Path profile, int port) {
        this.driver = driver;
        this.profile = profile;
        this.port = port;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static Browser open(int port, String timeZone) throws IOException {
        Path profile = Files.createTempDirectory("console-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--lang=en-GB", "--window-size=1366,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", timeZone))
                .build();
        Files.createDirectories(SCREENSHOTS);
        return new Browser(new ChromeDriver(service, options), profile, port);
    }

    void go(String path) {
        driver.get("http://localhost:" + port + path);
    }

    String path() {
        String url = driver.getCurrentUrl();
        return url.substring(url.indexOf('/', "http://".length()));
    }

    WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    void type(String css, String value) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(value);
    }

    /** Clicks and waits until the browser has left the page (a form posted, a link followed). */
    void clickAndWait(String css) {
        markPage();
        find(css).click();
        waitForNextPage();
    }

    /** Clicks a button that asks "are you sure?", says yes, and waits for the next page. */
    void clickConfirmAndWait(String css) {
        markPage();
        find(css).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        waitForNextPage();
    }

    /*
     * The page being left is marked in its own window object; the next page has no mark. (Waiting for the old <html>
     * element to go stale is not enough: Chromium may answer for a node of an unloading page with an "inspector
     * error" instead of a stale element.)
     */
    private void markPage() {
        ((JavascriptExecutor) driver).executeScript("window.__leaving = true");
    }

    private void waitForNextPage() {
        new FluentWait<>(driver).withTimeout(WAIT).pollingEvery(Duration.ofMillis(50)).ignoring(WebDriverException.class)
                .until(d -> "complete".equals(((JavascriptExecutor) d)
                        .executeScript("return window.__leaving ? 'leaving' : document.readyState")));
    }

    void signIn(String user) {
        go("/login");
        type("#username", user);
        type("#password", "demo");
        clickAndWait("button[type=submit]");
    }

    void signOut() {
        clickAndWait("form.who button");
    }

    String cookie(String name) {
        return driver.manage().getCookieNamed(name).getValue();
    }

    Object script(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    /** Every form control of the page has an accessible name, and every table header cell a scope. */
    List<?> accessibilityProblems() {
        List<?> unlabelled = (List<?>) script(UNLABELLED);
        List<?> unscoped = (List<?>) script(UNSCOPED);
        return Stream.concat(unlabelled.stream(), unscoped.stream()).toList();
    }

    /**
     * What sticks out of the window's width (tables may scroll inside their own box): empty when the page fits.
     */
    List<?> widerThanWindow() {
        return (List<?>) script("""
                var width = document.documentElement.clientWidth;
                if (document.documentElement.scrollWidth <= width) { return []; }
                return Array.from(document.querySelectorAll('body *')).filter(function (el) {
                  return !el.closest('.table-scroll') && el.getBoundingClientRect().right > width;
                }).slice(0, 10).map(function (el) { return el.tagName + '.' + el.className + ' ' + el.id; });""");
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /**
     * A phone's screen: the page laid out 390 CSS pixels wide as a mobile browser does (meta viewport honoured),
     * whatever size a headless window may take. {@link #desktop()} undoes it.
     */
    void phone() {
        ((org.openqa.selenium.chromium.ChromiumDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
    }

    void desktop() {
        ((org.openqa.selenium.chromium.ChromiumDriver) driver).executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** How far the document scrolls sideways: its scrollWidth beyond the viewport's width (0 when it fits). */
    long sidewaysScroll() {
        return ((Number) script("return Math.max(0, document.documentElement.scrollWidth - window.innerWidth, "
                + "document.body.scrollWidth - window.innerWidth);")).longValue();
    }

    /** Saves the whole page (not only the visible part) as target/screenshots/NAME.png. */
    Path screenshot(String name) throws IOException {
        Dimension before = driver.manage().window().getSize();
        long height = ((Number) script("return Math.ceil(document.documentElement.scrollHeight);")).longValue();
        resize(before.getWidth(), (int) Math.min(Math.max(height + 100, before.getHeight()), 6000));
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        resize(before.getWidth(), before.getHeight());
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
