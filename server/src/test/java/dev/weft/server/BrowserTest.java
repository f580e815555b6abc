package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.codec.extension.deflate.DeflateConfig;
import dev.weft.codec.extension.deflate.PerMessageDeflate;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
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
    void libwebsocketsPageReversesLinesAndShowsTheCounter(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, dir)) {
            browser.manage().window().setSize(new Dimension(1000, 700));
            browser.get(server.httpUri("/lws.html").toString());
            WebElement heading = browser.findElement(By.id("heading"));
            assertEquals("WebSocket test", heading.getText());
            waiting().until(ExpectedConditions.attributeToBe(heading, "class", "connected"));
            waiting().until(d -> heading.getCssValue("background-color").equals("rgba(26, 127, 55, 1)")); // green
            assertTrue(browser.findElement(By.id("state")).getText().endsWith("subprotocol reverse"),
                    browser.findElement(By.id("state")).getText());

            // The tutorial's server answers each line reversed.
            WebElement input = browser.findElement(By.id("input"));
            input.sendKeys("Hello, world!" + Keys.ENTER);
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#replies .reply"), "!dlrow ,olleH"));
            assertEquals("Hello, world!", browser.findElement(By.cssSelector("#replies .sent")).getText());
            assertEquals("", input.getDomProperty("value"), "the input is cleared after sending");
            input.sendKeys("añb😀" + Keys.ENTER);
            waiting().until(d -> d.findElements(By.cssSelector("#replies .reply")).size() == 2);
            assertEquals("😀bña", browser.findElements(By.cssSelector("#replies .reply")).get(1).getText());
            screenshot("lws-reverse.png");

            // Switched to dumb-increment-protocol: the counter ticks, and reset starts it again.
            browser.findElement(By.id("protocol-increment")).click();
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("state"), "subprotocol dumb-increment-protocol"));
            assertFalse(browser.findElement(By.id("input")).isDisplayed(), "the line input belongs to reverse");
            WebElement counter = browser.findElement(By.id("counter"));
            waiting().until(d -> counter.getText().matches("\\d+") && Integer.parseInt(counter.getText()) >= 10);
            JavascriptExecutor js = (JavascriptExecutor) browser;
            // Every value the page shows from now on, so that the drop after reset cannot be missed between polls.
            js.executeScript("var c = document.getElementById('counter'); window.seen = [];"
                    + "new MutationObserver(function () { window.seen.push(+c.textContent); })"
                    + ".observe(c, {childList: true, characterData: true, subtree: true});");
            long before = Long.parseLong(counter.getText());
            screenshot("lws-counter.png");
            browser.findElement(By.id("reset")).click();
            waiting().until(d -> ((Boolean) js.executeScript(
                    "return window.seen.some(function (v) { return v < arguments[0]; });".replace("arguments[0]", Long.toString(before)))));
            assertEquals("connected", heading.getDomAttribute("class"));
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void pagesFitAPhoneAndAWideScreenAndHaveAnIcon(String transport) throws Exception {
        try (WeftServer server = Servers.start(transport, dir)) {
            JavascriptExecutor js = (JavascriptExecutor) browser;
            browser.manage().window().setSize(new Dimension(400, 800));
            for (String page : List.of("/test.html", "/lws.html")) {
                browser.get(server.httpUri(page).toString());
                long viewport = (Long) js.executeScript("return document.documentElement.clientWidth;");
                assertTrue(viewport <= 400, page + ": the window is really narrow: " + viewport);
                long content = (Long) js.executeScript("return document.documentElement.scrollWidth;");
                assertTrue(content <= viewport, page + " scrolls sideways at 400 px: " + content + " > " + viewport);
            }

            browser.manage().window().setSize(new Dimension(1200, 800));
            browser.get(server.httpUri("/test.html").toString());
            // Each row's controls share one line: none starts below the bottom of the first.
            for (String row : List.of("connection", "sending")) {
                @SuppressWarnings("unchecked")
                List<Long> wrapped = (List<Long>) js.executeScript(
                        "var items = document.getElementById(arguments[0]).children;"
                        + "var first = items[0].getBoundingClientRect().bottom, out = [];"
                        + "for (var i = 1; i < items.length; i++) if (items[i].getBoundingClientRect().top >= first) out.push(i);"
                        + "return out;", row);
                assertEquals(List.of(), wrapped, row + ": items wrapped to a second line at 1200 px");
            }
            browser.findElement(By.id("connect")).click();
            waiting().until(ExpectedConditions.textToBe(By.id("status"), "connected"));
            browser.findElement(By.id("send")).click();
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "RECEIVED: hello"));
            screenshot("test.png");

            // The icon both pages link to is there (a browser asks for /favicon.ico anyway).
            Object icon = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
                    + "fetch(document.querySelector('link[rel=icon]').href).then(function (r) {"
                    + " done(r.status + ' ' + r.headers.get('Content-Type')); }, function (e) { done(String(e)); });");
            assertEquals("200 image/x-icon", icon);
        }
    }

    /** Keeps a picture of the page under target/screenshots, for the README's (docs/*.png). */
    private static void screenshot(String name) throws Exception {
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(target.resolve(name), png);
    }

    /**
     * With permessage-deflate on (as {@code ./weft server --deflate}), Chromium's offer, which
     * carries {@code client_max_window_bits}, is accepted, and both pages work compressed: the
     * browser reports the extension, and the server's zlib streams show it compressed and
     * inflated, then freed once the server has stopped.
     */
    @ParameterizedTest
    @MethodSource("transports")
    void bothPagesWorkCompressed(String transport) throws Exception {
        PerMessageDeflate deflate = new PerMessageDeflate(DeflateConfig.defaults().withThreshold(0));
        try (WeftServer server = Servers.tutorial(transport, dir).deflate(deflate).build().start()) {
            browser.get(server.httpUri("/test.html").toString());
            browser.findElement(By.id("connect")).click();
            waiting().until(ExpectedConditions.textToBe(By.id("status"), "connected"));
            WebElement message = browser.findElement(By.id("message"));
            message.clear();
            String line = "compressed ".repeat(20) + "ü";
            message.sendKeys(line);
            browser.findElement(By.id("send")).click();
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("log"), "RECEIVED: " + line));
            assertTrue(deflate.openStreams() >= 2, "the server inflated and deflated: " + deflate.openStreams());

            Object extensions = ((JavascriptExecutor) browser).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                    + "const ws = new WebSocket(arguments[0]);"
                    + "ws.onopen = () => { done(ws.extensions); ws.close(); };"
                    + "ws.onerror = () => done('error');", server.webSocketUri("/websocket").toString());
            assertEquals("permessage-deflate", extensions);

            browser.get(server.httpUri("/lws.html").toString());
            WebElement heading = browser.findElement(By.id("heading"));
            waiting().until(ExpectedConditions.attributeToBe(heading, "class", "connected"));
            WebElement input = browser.findElement(By.id("input"));
            input.sendKeys("a compressed line for the server" + Keys.ENTER);
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#replies .reply"),
                    "revres eht rof enil desserpmoc a"));
            browser.get("about:blank");
        }
        // Chromium may keep a left page's sockets open; the server's stop drops them, and with them
        // every zlib stream they held.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (deflate.openStreams() != deflate.idleStreams() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(deflate.idleStreams(), deflate.openStreams(), "zlib streams held after the server stopped");
    }
}
