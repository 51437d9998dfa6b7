package io.voipkit.examples.pjsipmonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voipkit.simulator.PbxSimulator;
import io.voipkit.simulator.SimCall;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * driven by Selenium) against the started application in simulation mode: log-in, cards, live
 * status and calls, editing a section, the log viewer's filters and clear. Saves a screenshot of
 * the dashboard to {@code target/pjsip-monitor.png} (or where {@code -Dpjsip-monitor.screenshot}
 * says, e.g. {@code ../../docs/pjsip-monitor.png} to refresh the docs' picture).
 *
 * <p>Chromium is never installed from here: without it the test is skipped, or fails when
 * {@code voipkit.it.required} is true (as {@code scripts/test.sh} sets after installing it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {
    static final String PASSWORD = "browser-test-password";
    static final Path DATA = tempDir();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("voip.monitor.password", () -> PASSWORD);
        registry.add("voip.monitor.data-dir", DATA::toString);
        registry.add("voip.simulator.phones", () -> "12");
        registry.add("voip.simulator.registered", () -> "9");
        registry.add("voip.simulator.calls-per-second", () -> "0");
        registry.add("voip.simulator.log-noise", () -> "false");
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("pjsip-monitor-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    PbxSimulator simulator;
    WebDriver driver;
    Path profile;

    @BeforeAll
    void startBrowser() throws IOException {
        Optional<Path> chromium = executable("chromium.path", "chromium");
        Optional<Path> chromedriver = executable("chromedriver.path", "chromedriver");
        if (chromium.isEmpty() || chromedriver.isEmpty()) {
            String why = "Chromium or ChromeDriver not found (install Debian's chromium and chromium-driver)";
            if (Boolean.getBoolean("voipkit.it.required")) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        profile = Files.createTempDirectory("pjsip-monitor-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,800", "--force-device-scale-factor=1", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        // --window-size includes the window frame; pin the page's viewport to exactly 1280x800.
        ((ChromeDriver) driver).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var paths = Files.walk(profile)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void thePageNeedsALogIn_thenShowsOneCardPerPhone() {
        driver.get(url("/"));
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.getCurrentUrl().endsWith("/login"));
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys("wrong");
        driver.findElement(By.id("signin")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> driver.getPageSource().contains("Wrong user name or password"));

        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("signin")).click();
        await().atMost(Duration.ofSeconds(15)).until(() -> driver.findElements(By.cssSelector("#cards .card")).size() == 12);
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "return document.getElementById('ami-indicator').classList.contains('ok');")));
        assertThat(statusText("ep:101-ep")).isEqualTo("Online");
        assertThat(statusText("ep:112-ep")).isEqualTo("Offline");
        assertThat(driver.getPageSource()).doesNotContain(PASSWORD);
    }

    @Test
    @Order(2)
    void aPhoneRegisteringInTheSimulator_turnsItsCardOnlineWithinASecond() {
        assertThat(statusText("ep:111-ep")).isEqualTo("Offline");
        simulator.registerPhone("111-ep");
        // The requirement: the card follows the PBX within a second.
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> statusText("ep:111-ep").equals("Online"));
        assertThat(text(".card[data-section-id='ep:111-ep'] .updated")).matches("\\d\\d:\\d\\d:\\d\\d");
    }

    @Test
    @Order(3)
    void aCall_makesTheCardBlinkAndShowTheOtherPartysNumber() {
        SimCall call = simulator.placeCall("101-ep", "102-ep");
        simulator.answer(call);
        await().atMost(Duration.ofSeconds(5)).until(() -> cardHasClass("ep:101-ep", "in-call"));
        await().atMost(Duration.ofSeconds(5)).until(() -> text(".card[data-section-id='ep:101-ep'] .call .party").equals("102"));
        assertThat(text(".card[data-section-id='ep:101-ep'] .call-count")).isEqualTo("1");
        await().atMost(Duration.ofSeconds(3)).until(() -> text(".card[data-section-id='ep:101-ep'] .call .dur").matches("\\d+:\\d\\d"));
        await().atMost(Duration.ofSeconds(3)).until(() -> text(".card[data-section-id='ep:102-ep'] .call .party").equals("101"));
        assertThat(cardHasClass("ep:103-ep", "in-call")).isFalse();
        simulator.placeCall("105-ep", "107-ep"); // ringing, left running for the screenshot
    }

    @Test
    @Order(4)
    void editingASection_renamesItAndBindsSeveralEndpoints_andTheFilterFindsIt() {
        clickCardButton("ep:103-ep", ".act-edit");
        WebElement name = driver.findElement(By.id("edit-name"));
        name.clear();
        name.sendKeys("Reception");
        WebElement endpoints = driver.findElement(By.id("edit-endpoints"));
        endpoints.clear();
        endpoints.sendKeys("103-ep, 104-ep");
        driver.findElement(By.id("edit-save")).click();
        await().atMost(Duration.ofSeconds(5)).until(() -> cardsNamed("Reception").size() == 1);
        assertThat(driver.findElements(By.cssSelector(".card[data-section-id='ep:104-ep']"))).isEmpty();
        assertThat(statusText(cardsNamed("Reception").get(0))).isEqualTo("Online (2/2)");

        driver.findElement(By.id("card-filter")).sendKeys("recep");
        await().atMost(Duration.ofSeconds(2)).until(() -> visibleCards().size() == 1);
        clearInput("card-filter");
        await().atMost(Duration.ofSeconds(2)).until(() -> visibleCards().size() == 11);
    }

    @Test
    @Order(5)
    void screenshotOfTheDashboard() throws IOException {
        await().atMost(Duration.ofSeconds(3)).until(() -> visibleCards().size() == 11);
        await().atMost(Duration.ofSeconds(6)).until(() -> !driver.findElement(By.id("toast")).isDisplayed());
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        // Into the build directory: a test run must never change a tracked file. To refresh the
        // README's picture: -Dpjsip-monitor.screenshot=../../docs/pjsip-monitor.png
        Path target = Path.of(System.getProperty("pjsip-monitor.screenshot", "target/pjsip-monitor.png"))
                .toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isGreaterThan(10_000);
    }

    @Test
    @Order(6)
    void theLogViewer_filtersByTextAndLevel_countsPerLevel_andClears() {
        driver.findElement(By.id("tab-logs")).click();
        simulator.log("ERROR", "res_pjsip_outbound_registration.c", "browser-test alpha failed for 106-ep");
        simulator.log("WARNING", "res_pjsip_registrar.c", "browser-test beta warning");
        simulator.log("NOTICE", "chan_pjsip.c", "browser-test gamma notice");
        await().atMost(Duration.ofSeconds(5)).until(() -> logLines().stream().filter(t -> t.contains("browser-test")).count() == 3);
        assertThat(levelCount("ERROR")).isGreaterThanOrEqualTo(1);

        driver.findElement(By.id("log-text")).sendKeys("browser-test");
        await().atMost(Duration.ofSeconds(2)).until(() -> logLines().size() == 3);
        click(".chip[data-level=ERROR]");
        await().atMost(Duration.ofSeconds(2)).until(() -> logLines().size() == 2);
        assertThat(logLines()).noneMatch(t -> t.contains("alpha"));
        click(".chip[data-level=ERROR]");
        driver.findElement(By.id("log-source")).sendKeys("chan_pjsip");
        await().atMost(Duration.ofSeconds(2)).until(() -> logLines().size() == 1);
        assertThat(logLines().get(0)).contains("gamma");

        String logsShot = System.getProperty("pjsip-monitor.logs-screenshot");
        if (logsShot != null) { // a look at the log viewer while developing; not committed
            clearInput("log-source");
            clearInput("log-text");
            try {
                Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), Path.of(logsShot),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            driver.findElement(By.id("log-source")).sendKeys("chan_pjsip");
            driver.findElement(By.id("log-text")).sendKeys("browser-test");
        }
        driver.findElement(By.id("log-clear")).click();
        await().atMost(Duration.ofSeconds(2)).until(() -> logLines().isEmpty());
        assertThat(levelCount("ERROR")).isZero();
        clearInput("log-source");
        simulator.log("ERROR", "res_pjsip.c", "browser-test delta after clear");
        await().atMost(Duration.ofSeconds(5)).until(() -> logLines().size() == 1);
        assertThat(levelCount("ERROR")).isEqualTo(1);
    }

    @Test
    @Order(7)
    void theLogsButtonOfACard_opensTheViewerForItsEndpointsOnly() {
        driver.findElement(By.id("tab-dashboard")).click();
        clickCardButton("ep:108-ep", ".act-logs");
        await().atMost(Duration.ofSeconds(3)).until(() -> driver.findElement(By.id("log-scope")).getText().contains("108-ep"));
        clearInput("log-text");
        simulator.log("WARNING", "res_pjsip.c", "scoped line for 109-ep");
        simulator.log("WARNING", "res_pjsip.c", "scoped line for 108-ep");
        await().atMost(Duration.ofSeconds(5)).until(() -> logLines().stream().anyMatch(t -> t.contains("for 108-ep")));
        assertThat(logLines()).noneMatch(t -> t.contains("for 109-ep"));
    }

    /** Empties an input the way a user does, so that the page's input listeners run. */
    private void clearInput(String id) {
        driver.findElement(By.id(id)).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private WebElement card(String id) {
        return driver.findElement(By.cssSelector(".card[data-section-id='" + id + "']"));
    }

    private String statusText(String id) {
        return text(".card[data-section-id='" + id + "'] .status");
    }

    /** The text of the first element matching {@code css}, or "" — read by script, so never stale. */
    private String text(String css) {
        Object t = ((JavascriptExecutor) driver).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : '';", css);
        return String.valueOf(t);
    }

    private boolean cardHasClass(String id, String cls) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "const e = document.querySelector(arguments[0]); return !!e && e.classList.contains(arguments[1]);",
                ".card[data-section-id='" + id + "']", cls));
    }

    /** Clicks a card's button, again if the card was re-rendered in between. */
    private void clickCardButton(String id, String button) {
        await().atMost(Duration.ofSeconds(3)).ignoreExceptions()
                .untilAsserted(() -> card(id).findElement(By.cssSelector(button)).click());
    }

    private List<String> cardsNamed(String name) {
        return strings("return [...document.querySelectorAll('#cards .card')]"
                + ".filter(c => c.querySelector('.card-name').textContent === '" + name + "').map(c => c.dataset.sectionId)");
    }

    // Read in one script call: the page re-renders these lists, so element references go stale.
    private List<String> visibleCards() {
        return strings("return [...document.querySelectorAll('#cards .card')].filter(c => c.offsetParent !== null)"
                + ".map(c => c.dataset.sectionId)");
    }

    private List<String> logLines() {
        return strings("return [...document.querySelectorAll('#log-lines .log-line')].map(e => e.textContent)");
    }

    @SuppressWarnings("unchecked")
    private List<String> strings(String script) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(script);
    }

    private long levelCount(String level) {
        return Long.parseLong(text(".chip[data-level=" + level + "] .n"));
    }

    /** Clicks an element the page may re-render at any moment (retrying a stale reference). */
    private void click(String css) {
        await().atMost(Duration.ofSeconds(3)).ignoreExceptions().untilAsserted(() -> driver.findElement(By.cssSelector(css)).click());
    }

    private static Optional<Path> executable(String property, String name) {
        String configured = System.getProperty(property);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
