package dev.backdrop.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.backdrop.accounts.ApiKeys;
import dev.backdrop.accounts.CreditLedger;
import dev.backdrop.accounts.IssuedKey;
import dev.backdrop.db.Database;
import dev.backdrop.server.BackdropServer;
import dev.backdrop.server.ServerSettings;
import dev.backdrop.testing.TestPhotos;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground in headless Chromium against the real server (real model, real database, real
 * files): a person's path from a photo to new product shots, and what they see when things go
 * wrong. Screenshots of each state are left in {@code target/playground-screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlaygroundBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "playground-screenshots");
    private static final String PROMPT = "on a dark wood table, warm light";

    @TempDir
    static Path temp;

    private static BackdropServer server;
    private static Database database;
    private static ChromeDriverService driverService;
    private static ChromeDriver browser;
    private static String adminKey;
    private static String base;
    private static Path coffee;
    private static Path downloads;

    @BeforeAll
    static void start() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed) {
            System.err.println("[playground] SKIPPED: the browser tests need Debian's chromium and chromium-driver "
                    + "(apt-get install chromium chromium-driver); " + CHROMIUM + " or " + CHROMEDRIVER + " is missing");
        }
        assumeTrue(installed, "chromium and chromium-driver are not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                + "); the playground's browser tests are skipped. Install them with: apt-get install chromium chromium-driver");

        // An in-memory database the test can open beside the server, to make and revoke keys.
        String url = "jdbc:h2:mem:playground-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        server = BackdropServer.start(ServerSettings.defaults(temp.resolve("data")).withPort(0).withDatabase(url));
        server.awaitReady(600_000);
        database = Database.open(url);
        adminKey = server.adminKey().orElseThrow().issued().plainKey();
        base = "http://127.0.0.1:" + server.port() + "/";
        coffee = temp.resolve("coffee.png");
        Files.write(coffee, TestPhotos.bytes("coffee.png"));
        Files.createDirectories(SCREENSHOTS);
        try (var old = Files.list(SCREENSHOTS)) {
            for (Path shot : old.toList()) {
                Files.delete(shot);
            }
        }

        // The driver and browser are named outright, so Selenium never looks for (or downloads) its own.
        driverService = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        downloads = Files.createDirectories(temp.resolve("downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false));
        options.setBinary(CHROMIUM.toFile());
        // The console is read back: a refused request shows there as "Failed to load resource: ... 401".
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
                "--no-default-browser-check", "--no-pings", "--disable-domain-reliability",
                "--disable-client-side-phishing-detection", "--disable-features=Translate,OptimizationHints,MediaRouter",
                "--user-data-dir=" + Files.createDirectories(temp.resolve("chromium-profile")),
                "--window-size=1280,1000");
        browser = new ChromeDriver(driverService, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (database != null) {
            database.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(0)
    void beforeAKeyIsEnteredThePageMakesNoRequestThatIsRefused() throws Exception {
        console();
        browser.get(base);
        // The page asks whether this server needs a key, without one, and says where to get one.
        WebElement help = browser.findElement(By.id("key-help"));
        waitFor().until(d -> help.getText().contains("Paste your API key"));
        assertThat(browser.findElement(By.id("api-key")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("key-error")).isDisplayed()).isFalse();

        // A form that is otherwise complete is not sent without a key: it could only be refused.
        browser.findElement(By.id("photos")).sendKeys(coffee.toAbsolutePath().toString());
        waitFor().until(d -> d.findElements(By.cssSelector("#inputs li")).size() == 1);
        browser.findElement(By.id("prompt")).sendKeys(PROMPT);
        recordRequests();
        click(By.id("run"));
        WebElement keyError = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("key-error")));
        assertThat(keyError.getText()).contains("needs an API key");
        assertThat(sentRequests()).isEmpty();
        assertThat(browser.findElements(By.cssSelector(".job"))).isEmpty();
        js("window.scrollTo(0, 0)");
        screenshot("0-no-key-yet");

        // The browser may list a request's timing a moment after the page has read its answer.
        waitFor().until(d -> fetchedWithStatus().contains("GET /v1/auth 200"));
        assertThat(fetchedWithStatus()).noneMatch(r -> r.endsWith(" 401"));
        assertThat(console()).as("the browser console").noneMatch(PlaygroundBrowserTest::saysUnauthorized);
        // Both checks see a refused request: one made on purpose here shows in each.
        js("fetch('/v1/account')");
        waitFor().until(d -> fetchedWithStatus().contains("GET /v1/account 401"));
        waitFor().until(d -> console().stream().anyMatch(PlaygroundBrowserTest::saysUnauthorized));
        // The next test starts from an empty form, as a person arriving with a key would.
        setValue(By.id("prompt"), "");
    }

    @Test
    @Order(1)
    void aPhotoAndAPromptBecomeAGalleryOfNewImages() throws Exception {
        browser.get(base);
        WebElement key = browser.findElement(By.id("api-key"));
        key.sendKeys(adminKey);
        waitFor().until(d -> credits() > 0);
        long creditsBefore = credits();
        screenshot("1-start");

        browser.findElement(By.id("photos")).sendKeys(coffee.toAbsolutePath().toString());
        waitFor().until(d -> d.findElements(By.cssSelector("#inputs li")).size() == 1);
        browser.findElement(By.id("prompt")).sendKeys(PROMPT);
        // Two images per photo, set from the keyboard as a person without a mouse would.
        click(By.cssSelector("#advanced > summary"));
        browser.findElement(By.id("samples")).sendKeys(Keys.ARROW_RIGHT);
        assertThat(browser.findElement(By.id("samples")).getDomProperty("value")).isEqualTo("2");
        assertThat(browser.findElement(By.id("cost")).getText()).contains("2 images", "2 credits");
        screenshot("2-form-filled");

        click(By.id("run"));
        assertThat(browser.findElements(By.cssSelector(".job .job-progress"))).hasSize(1);
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", browser.findElement(By.id("results-title")));
        screenshot("3-running");
        waitFor().until(d -> !d.findElements(By.cssSelector(".job.done")).isEmpty());
        assertThat(browser.findElements(By.cssSelector(".job-error:not([hidden])"))).isEmpty();
        List<WebElement> results = browser.findElements(By.cssSelector(".result"));
        assertThat(results).hasSize(2);
        waitFor().until(d -> (Boolean) js("return [...document.querySelectorAll('.result img.after')]"
                + ".every(i => i.complete && i.naturalWidth > 0)"));

        // Each result decodes and differs from the photo it came from; the seeds used are shown.
        for (int i = 0; i < 2; i++) {
            double difference = ((Number) browser.executeAsyncScript(DIFFERENCE, i)).doubleValue();
            assertThat(difference).as("mean difference of result %d from the input, 0..255", i).isGreaterThan(8);
        }
        List<String> seeds = results.stream().map(r -> r.findElement(By.cssSelector(".seed")).getText()).toList();
        assertThat(seeds).allMatch(s -> s.matches("\\d+")).doesNotHaveDuplicates();
        assertThat(results.get(0).findElement(By.cssSelector(".reading")).getText()).isNotBlank().isNotEqualTo("—");
        // Through the jobs API every result carries its fidelity to the original product.
        assertThat(results.get(0).findElement(By.cssSelector(".fidelity")).getText()).matches("ΔE [\\d.]+ · SSIM [\\d.]+");
        assertThat(results.get(0).findElement(By.cssSelector("a.download")).getDomAttribute("download"))
                .startsWith("coffee-1-seed");
        assertThat(browser.findElement(By.id("zip")).isEnabled()).isTrue();
        waitFor().until(d -> credits() == creditsBefore - 2);
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", browser.findElement(By.id("results-title")));
        screenshot("4-results");

        // "Download all" packs every result into one zip whose entries are the images shown.
        click(By.id("zip"));
        Path zip = downloads.resolve("backdrop-results.zip");
        waitFor().withMessage(() -> "a zip in " + downloads + ": " + java.util.Arrays.toString(downloads.toFile().list()) + "; "
                + browser.findElement(By.id("run-error")).getText()).until(d -> Files.isRegularFile(zip));
        try (java.util.zip.ZipFile archive = new java.util.zip.ZipFile(zip.toFile())) {
            List<? extends java.util.zip.ZipEntry> entries = archive.stream().toList();
            assertThat(entries).extracting(java.util.zip.ZipEntry::getName)
                    .containsExactly("coffee-1-seed" + seeds.get(0) + ".jpg", "coffee-2-seed" + seeds.get(1) + ".jpg");
            for (java.util.zip.ZipEntry entry : entries) {
                try (java.io.InputStream in = archive.getInputStream(entry)) {
                    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(in);
                    assertThat(image).as(entry.getName()).isNotNull();
                    assertThat(image.getWidth()).isEqualTo(600);
                }
            }
        }

        click(By.id("curl"));
        String curl = browser.findElement(By.id("curl-text")).getText();
        assertThat(curl).contains(base.replaceAll("/$", ""), "\"samples\":2", PROMPT, "base64 -w0 'coffee.png'");
        assertThat(curl).contains("/v1/jobs");
    }

    @Test
    @Order(2)
    void theBeforeAfterSliderMovesByMouseAndKeyboard() throws Exception {
        WebElement compare = browser.findElement(By.cssSelector(".result .compare"));
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", compare);
        double half = beforeShare(compare);
        assertThat(half).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.03));

        // A click near the right edge shows most of the original ...
        new org.openqa.selenium.interactions.Actions(browser)
                .moveToElement(compare, compare.getSize().width * 4 / 10, 0).click().perform();
        assertThat(beforeShare(compare)).isGreaterThan(0.8);
        screenshot("5-slider-moved");
        // ... and the keyboard moves it back.
        WebElement slider = compare.findElement(By.cssSelector(".slider"));
        slider.sendKeys(Keys.HOME);
        assertThat(beforeShare(compare)).isLessThan(0.05);
    }

    @Test
    @Order(3)
    void cutOutOnlyGivesTheProductOnTransparency() throws Exception {
        click(By.cssSelector(".chip.cutout"));
        assertThat(browser.findElement(By.id("prompt")).getDomProperty("value")).isEqualTo("transparent");
        assertThat(browser.findElement(By.id("run")).getText()).isEqualTo("Cut out");
        click(By.id("run"));
        waitFor().until(d -> d.findElements(By.cssSelector(".job.done")).size() == 2);
        WebElement job = browser.findElement(By.cssSelector(".job"));
        assertThat(job.findElements(By.cssSelector(".job-error:not([hidden])"))).isEmpty();
        List<WebElement> results = job.findElements(By.cssSelector(".result"));
        assertThat(results).hasSize(1);
        assertThat(results.get(0).findElement(By.cssSelector("a.download")).getDomAttribute("download")).endsWith(".png");
        waitFor().until(d -> (Boolean) js("const i = document.querySelector('.job .result img.after');"
                + "return i.complete && i.naturalWidth > 0"));
        // The background is gone: the corners of the cut-out are transparent, its middle is not.
        @SuppressWarnings("unchecked")
        List<Number> alpha = (List<Number>) js("""
                const img = document.querySelector('.job .result img.after');
                const c = document.createElement('canvas');
                c.width = img.naturalWidth; c.height = img.naturalHeight;
                const g = c.getContext('2d');
                g.drawImage(img, 0, 0);
                const at = (x, y) => g.getImageData(x, y, 1, 1).data[3];
                return [at(2, 2), at(c.width - 3, c.height - 3), at(c.width >> 1, c.height >> 1)];
                """);
        assertThat(alpha.get(0).intValue()).isZero();
        assertThat(alpha.get(1).intValue()).isZero();
        assertThat(alpha.get(2).intValue()).isEqualTo(255);
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", browser.findElement(By.id("results-title")));
        screenshot("6-cut-out");
        click(By.cssSelector(".chip[data-prompt='" + PROMPT + "']"));
    }

    @Test
    @Order(4)
    void aPhoneWidthPageHasNoSidewaysScroll() throws Exception {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
        try {
            js("document.getElementById('advanced').open = true; window.scrollTo(0, 0)");
            long scrollWidth = ((Number) js("return document.documentElement.scrollWidth")).longValue();
            long viewport = ((Number) js("return window.innerWidth")).longValue();
            assertThat(viewport).isEqualTo(390);
            assertThat(scrollWidth).as("page width at a 390 px viewport").isLessThanOrEqualTo(viewport);
            screenshot("7-phone-top");
            browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", browser.findElement(By.id("results-title")));
            screenshot("8-phone-results");
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    @Order(5)
    void eachLineOfTheUrlBoxMustBeOneWebAddressOrNothingIsSent() throws Exception {
        console();
        browser.get(base);
        waitFor().until(d -> credits() > 0);
        String shoe = "https://example.com/shoe.jpg";
        // A loopback address the server refuses to fetch: sent, it comes back with an error beside it.
        String local = "http://127.0.0.1:" + server.port() + "/files/none.png";
        WebElement urls = browser.findElement(By.id("photo-urls"));
        urls.sendKeys("  " + shoe + "  \n\ncoffee mug on a table\n" + shoe + " " + local
                + "\nftp://example.com/b.png\nexample.com/c.jpg\n" + local);
        WebElement error = browser.findElement(By.id("photo-urls-error"));
        assertThat(error.isDisplayed()).as("no message while the person is still typing").isFalse();
        click(By.id("prompt"));
        waitFor().until(ExpectedConditions.visibilityOf(error));
        assertThat(error.getText()).startsWith("Lines 3, 4, 5 and 6 are not image URLs.");
        assertThat(urls.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(inputNames()).containsExactly(shoe, local);
        screenshot("8a-bad-url-lines");

        recordRequests();
        click(By.id("run"));
        assertThat(error.isDisplayed()).isTrue();
        assertThat(sentRequests()).isEmpty();
        assertThat(browser.findElements(By.cssSelector(".job"))).isEmpty();

        // Mended by typing, the message goes as the last bad line does; the good lines are sent as typed, trimmed.
        urls.sendKeys(Keys.chord(Keys.CONTROL, "a"), "coffee mug\n " + local + " ");
        assertThat(error.getText()).startsWith("Line 1 is not an image URL.");
        urls.sendKeys(Keys.chord(Keys.CONTROL, Keys.HOME), Keys.chord(Keys.SHIFT, Keys.END), Keys.DELETE);
        waitFor().until(d -> !error.isDisplayed());
        assertThat(urls.getDomAttribute("aria-invalid")).isNull();
        assertThat(inputNames()).containsExactly(local);
        click(By.id("run"));
        WebElement refused = waitFor().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#inputs li .input-error")));
        assertThat(refused.getText()).contains("could not be used");
        List<Map<String, Object>> sent = sentRequests();
        assertThat(sent).extracting(r -> r.get("method") + " " + r.get("url")).first().isEqualTo("POST /v1/jobs");
        assertThat(sent.get(0).get("body").toString()).contains("\"image\":\"" + local + "\"");
        assertThat(console()).noneMatch(PlaygroundBrowserTest::saysUnauthorized);

        setValue(By.id("photo-urls"), "");
    }

    @Test
    @Order(6)
    void aFileThatIsNotAPictureIsFlaggedNextToIt() throws Exception {
        browser.get(base);
        Path notes = temp.resolve("notes.png");
        Files.writeString(notes, "these are notes, not a picture");
        browser.findElement(By.id("photos")).sendKeys(notes.toAbsolutePath().toString());
        waitFor().until(d -> d.findElements(By.cssSelector("#inputs li")).size() == 1);
        assertThat(browser.findElement(By.id("prompt")).getDomProperty("value")).as("the form survives a reload")
                .isEqualTo(PROMPT);
        click(By.id("run"));
        WebElement error = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#inputs li .input-error")));
        assertThat(error.getText()).contains("not a picture");
        assertThat(browser.findElement(By.cssSelector(".job.failed .job-error")).getText()).isNotBlank();
        screenshot("9-not-a-picture");
    }

    @Test
    @Order(7)
    void aRevokedKeyIsExplainedBesideTheKeyAndTheFormIsKept() throws Exception {
        ApiKeys keys = new ApiKeys(database, new CreditLedger(database));
        IssuedKey issued = keys.create("playground test", 10);
        browser.get(base);
        WebElement key = browser.findElement(By.id("api-key"));
        key.clear();
        key.sendKeys(issued.plainKey());
        waitFor().until(d -> credits() == 10);
        browser.findElement(By.id("photos")).sendKeys(coffee.toAbsolutePath().toString());
        waitFor().until(d -> d.findElements(By.cssSelector("#inputs li")).size() == 1);
        keys.revoke(issued.plainKey());

        click(By.id("run"));
        WebElement error = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("key-error")));
        assertThat(error.getText()).contains("revoked");
        assertThat(browser.findElement(By.cssSelector(".job.failed .job-error")).getText()).contains("API key");
        // Nothing the person entered is lost.
        assertThat(browser.findElement(By.id("prompt")).getDomProperty("value")).isEqualTo(PROMPT);
        assertThat(browser.findElements(By.cssSelector("#inputs li"))).hasSize(1);
        assertThat(key.getDomProperty("value")).isEqualTo(issued.plainKey());
        js("window.scrollTo(0, 0)");
        screenshot("10-revoked-key");
    }

    @Test
    @Order(8)
    void tooFewCreditsAreExplainedWithWhatToDoAndNothingIsSpent() throws Exception {
        CreditLedger ledger = new CreditLedger(database);
        ApiKeys keys = new ApiKeys(database, ledger);
        IssuedKey poor = keys.create("playground without credits", 0);
        browser.get(base);
        WebElement key = browser.findElement(By.id("api-key"));
        key.clear();
        key.sendKeys(poor.plainKey());
        waitFor().until(d -> credits() == 0);
        browser.findElement(By.id("photos")).sendKeys(coffee.toAbsolutePath().toString());
        waitFor().until(d -> d.findElements(By.cssSelector("#inputs li")).size() == 1);

        click(By.id("run"));
        WebElement error = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("run-error")));
        assertThat(error.getText()).containsOnlyOnce("Not enough credits").contains("costs 2")
                .contains("backdrop keys credit").contains("fewer images");
        assertThat(browser.findElements(By.cssSelector("#inputs li"))).hasSize(1);
        assertThat(ledger.balance(keys.find(poor.plainKey()).accountId())).isZero();
        // The page shows the balance it was told, still none.
        assertThat(credits()).isZero();
        screenshot("12-no-credits");
    }

    @Test
    @Order(9)
    void aServerWithoutAuthenticationAsksForNoKey(@TempDir Path data) throws Exception {
        try (BackdropServer open = BackdropServer.start(ServerSettings.defaults(data).withPort(0).withNoAuth(true))) {
            // Closing a server while its model is still loading is unsafe, so the test lets it finish.
            open.awaitReady(600_000);
            console();
            browser.get("http://127.0.0.1:" + open.port() + "/");
            WebElement credits = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("credits")));
            waitFor().until(d -> credits.getText().contains("No key needed"));
            assertThat(browser.findElement(By.id("api-key")).isDisplayed()).isFalse();
            assertThat(browser.findElement(By.id("key-error")).isDisplayed()).isFalse();
            waitFor().until(d -> fetchedWithStatus().contains("GET /v1/auth 200"));
            assertThat(fetchedWithStatus()).noneMatch(r -> r.endsWith(" 401"));
            assertThat(console()).noneMatch(PlaygroundBrowserTest::saysUnauthorized);
            screenshot("11-no-auth");
        }
    }

    /** Mean absolute difference (0..255) between result {@code arguments[0]} and its input, both drawn at 64x64. */
    private static final String DIFFERENCE = """
            const done = arguments[arguments.length - 1];
            const card = document.querySelectorAll('.result')[arguments[0]];
            const pixels = (img) => {
              const c = document.createElement('canvas');
              c.width = 64; c.height = 64;
              const g = c.getContext('2d');
              g.drawImage(img, 0, 0, 64, 64);
              return g.getImageData(0, 0, 64, 64).data;
            };
            const a = pixels(card.querySelector('img.after'));
            const b = pixels(card.querySelector('img.before'));
            let sum = 0, n = 0;
            for (let i = 0; i < a.length; i += 4) {
              for (let k = 0; k < 3; k++) { sum += Math.abs(a[i + k] - b[i + k]); n++; }
            }
            done(sum / n);
            """;

    /** Where the dividing line stands, as a share of the card's width: the part left of it shows the original. */
    private static double beforeShare(WebElement compare) {
        return ((Number) browser.executeScript("""
                const card = arguments[0].getBoundingClientRect();
                const line = arguments[0].querySelector('.divider').getBoundingClientRect();
                return (line.left + line.width / 2 - card.left) / card.width;
                """, compare)).doubleValue();
    }

    /**
     * A console line for a request refused with 401 ("... responded with a status of 401"), not
     * any line that holds the digits: the page's own URL does when its port has them (40115).
     */
    private static boolean saysUnauthorized(String line) {
        return line.contains("status of 401");
    }

    /** What the browser console said since the last call. */
    private static List<String> console() {
        return browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .map(org.openqa.selenium.logging.LogEntry::getMessage).toList();
    }

    /** Every request the page made with fetch since it loaded and how it was answered, as "GET /v1/auth 200". */
    @SuppressWarnings("unchecked")
    private static List<String> fetchedWithStatus() {
        return (List<String>) js("""
                return performance.getEntriesByType('resource').filter(e => e.initiatorType === 'fetch')
                  .map(e => 'GET ' + new URL(e.name).pathname + ' ' + e.responseStatus);
                """);
    }

    /** From now on the page's requests are noted as it makes them, before any answer. */
    private static void recordRequests() {
        js("""
                window.sentRequests = [];
                if (!window.sentRequestsOriginalFetch) {
                  window.sentRequestsOriginalFetch = window.fetch;
                  window.fetch = function (input, init) {
                    window.sentRequests.push({url: String(input), method: (init && init.method) || 'GET',
                      body: (init && init.body) || ''});
                    return window.sentRequestsOriginalFetch.apply(this, arguments);
                  };
                }
                """);
    }

    /** The requests the page made since {@link #recordRequests}, other than reading the account. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sentRequests() {
        return (List<Map<String, Object>>) js("return window.sentRequests.filter(r => !/^\\/v1\\/(account|auth)$/.test(r.url))");
    }

    private static List<String> inputNames() {
        return browser.findElements(By.cssSelector("#inputs li .name")).stream().map(WebElement::getText).toList();
    }

    /** Sets a form field as typing would, so the page saves it. */
    private static void setValue(By by, String value) {
        browser.executeScript("arguments[0].value = arguments[1];"
                + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", browser.findElement(by), value);
    }

    /** Clicks as a person would: with the element scrolled to the middle of the window first. */
    private static void click(By by) {
        WebElement element = browser.findElement(by);
        browser.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    private static long credits() {
        String text = (String) js("return document.getElementById('credits').dataset.credits || ''");
        return text.isEmpty() ? -1 : Long.parseLong(text);
    }

    private static Object js(String script) {
        return browser.executeScript(script);
    }

    private static WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(120));
    }

    private static void screenshot(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
