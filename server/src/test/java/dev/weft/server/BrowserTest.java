package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The built-in pages in a real browser: headless Chromium (found by {@link Chromium} as the
 * launcher finds it; Debian's {@code chromium} and {@code chromium-driver} in CI) driven by
 * Selenium, on every transport.
 * The driver and browser paths are given explicitly, so Selenium Manager never looks for them on
 * the network.
 */
@Timeout(120)
class BrowserTest {

    /** Held so the level sticks: Selenium warns that it has no CDP module for this Chromium, which these tests do not use. */
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

    @TempDir
    static Path dir;
    static WebDriver browser;

    static List<String> transports() {
        return Servers.transports();
    }

    @BeforeAll
    static void startBrowser() throws Exception {
        Path chromium = Chromium.browser().orElse(null);
        Path chromedriver = Chromium.driver().orElse(null);
        assertTrue(chromium != null && chromedriver != null, "the browser tests need Chromium and chromedriver (found "
                + chromium + " and " + chromedriver + "): " + Chromium.INSTALL);
        SELENIUM_LOG.setLevel(Level.SEVERE);
        Path profile = Files.createDirectories(dir.resolve("profile"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(15));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void mongooseTestPageEchoes(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, dir)) {
            browser.get(server.httpUri("/test.html").toString());
            assertEquals(server.webSocketUri("/websocket").toString(), browser.findElement(By.id("url")).getDomProperty("value"));
            browser.findElement(By.id("connect")).click();
            waiting().until(ExpectedConditions.textToBe(By.id("status"), "connected"));

            WebElement message = browser.findElement(By.id("message"));
            message.clear();
            message.sendKeys("hello");
            browser.findElement(By.id("send")).click();
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "RECEIVED: hello"));
            String log = browser.findElement(By.id("log")).getText();
            assertTrue(log.contains("SENT: hello"), log);

            // Another subprotocol, chosen in the page.
            browser.findElement(By.id("disconnect")).click();
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "CLOSED: code 1000"));
            new Select(browser.findElement(By.id("protocol"))).selectByValue("reverse");
            browser.findElement(By.id("connect")).click();
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "subprotocol reverse"));
            message.clear();
            message.sendKeys("añb😀" + Keys.ENTER);
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "RECEIVED: 😀bña"));
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void libwebsocketsPageTurnsGreenAndShowsReplies(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, dir)) {
            browser.get(server.httpUri("/lws.html").toString());
            WebElement heading = browser.findElement(By.id("heading"));
            assertEquals("WebSocket test", heading.getText());
            waiting().until(ExpectedConditions.attributeToBe(heading, "class", "connected"));
            waiting().until(d -> heading.getCssValue("background-color").equals("rgba(26, 127, 55, 1)")); // green

            WebElement input = browser.findElement(By.id("input"));
            input.sendKeys("a line for the server" + Keys.ENTER);
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("replies"), "a line for the server"));
            assertEquals("", input.getDomProperty("value"), "the input is cleared after sending");
        }
    }
}
