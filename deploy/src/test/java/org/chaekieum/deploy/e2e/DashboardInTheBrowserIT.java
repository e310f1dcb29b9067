package org.chaekieum.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.chaekieum.contracts.api.EnrollmentRequest;
import org.chaekieum.deploy.Federation;
import org.chaekieum.deploy.KeycloakServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The national dashboard as a person uses it, in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, driven by Selenium): logs in on the identity provider's login page as the demo national
 * monitor, watches the overview while the test enrolls a member and lends a book in each region through the regions'
 * REST API (the counters move within 5 s, without a reload), drills down to a region and to library 141001, finds no
 * personal data on any page, and keeps a screenshot of the overview ({@code deploy/target/dashboard-overview.png}).
 * A second session, as Gyeonggi's regional operator, sees Gyeonggi's figures and nothing of Seoul's.
 */
@ExtendWith(FederationExtension.class)
class DashboardInTheBrowserIT {

    private static final String SEOUL_LIBRARY = "111001";
    private static final String GYEONGGI_LIBRARY = "141001";
    private static final Duration LIVE = Duration.ofSeconds(5);
    /** 14 digits in a row: a unified member number. */
    private static final Pattern MEMBER_NUMBER = Pattern.compile("(?<![0-9])[0-9]{14}(?![0-9])");

    private final List<WebDriver> browsers = new ArrayList<>();

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(WebDriver::quit);
        browsers.clear();
    }

    @Test
    void aNationalMonitorWatchesTheFederationMoveAndDrillsDownToALibrary(Federation federation) throws IOException {
        WebDriver browser = browser(federation);
        String hub = federation.hub().baseUrl();
        logIn(browser, hub + "/dashboard", KeycloakServer.MONITOR_USER,
                federation.keycloak().password(KeycloakServer.MONITOR_USER));
        awaitLive(browser);
        assertThat(browser.getCurrentUrl()).isEqualTo(hub + "/dashboard");
        long checkouts = count(browser, "today-checkouts");
        long enrollments = count(browser, "today-enrollments");
        long seoulCheckouts = count(browser, By.cssSelector("[data-fig='byRegion.seoul.checkouts']"));
        long gyeonggiCheckouts = count(browser, By.cssSelector("[data-fig='byRegion.gyeonggi.checkouts']"));
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");

        // Meanwhile, at the desks: a new member and a loan in each region.
        List<EnrollmentRequest> people = new ArrayList<>();
        for (String library : List.of(SEOUL_LIBRARY, GYEONGGI_LIBRARY)) {
            EnrollmentRequest person = Library.adult();
            people.add(person);
            String member = Library.enrollAndAwaitHub(federation, library, person);
            Circulation.lend(federation, library, member, Circulation.newItem(library));
        }
        long lentAt = System.nanoTime();

        new WebDriverWait(browser, LIVE, Duration.ofMillis(100)).withMessage("the counters within 5 s")
                .until(b -> count(b, "today-checkouts") >= checkouts + 2 && count(b, "today-enrollments") >= enrollments + 2
                        && count(b, By.cssSelector("[data-fig='byRegion.seoul.checkouts']")) >= seoulCheckouts + 1
                        && count(b, By.cssSelector("[data-fig='byRegion.gyeonggi.checkouts']")) >= gyeonggiCheckouts + 1);
        System.out.printf("[e2e] the dashboard showed both checkouts %d ms after the second one%n",
                (System.nanoTime() - lentAt) / 1_000_000);
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;"))
                .as("the page was not reloaded").isEqualTo(true);
        assertThat(text(browser)).contains("seoul").contains("gyeonggi");
        // Each region's last event (refreshed in the background every 5 s): now seconds ago, no longer "none".
        new WebDriverWait(browser, Duration.ofSeconds(15), Duration.ofMillis(200)).withMessage("the regions' last event")
                .until(b -> Stream.of("seoul", "gyeonggi").allMatch(region -> b.findElement(By.cssSelector(
                        "[data-fig='region." + region + ".lastEventAt']")).getText().contains("초 전")));
        noPersonalData(browser, people);
        Path screenshot = screenshot(browser, "dashboard-overview.png");
        System.out.printf("[e2e] screenshot of the overview: %s%n", screenshot);

        // Drill-down: the region, then library 141001, by the links a person would follow.
        browser.findElement(By.cssSelector("#region-table a[href='/dashboard/regions/gyeonggi']")).click();
        awaitLive(browser);
        assertThat(browser.getCurrentUrl()).isEqualTo(hub + "/dashboard/regions/gyeonggi");
        noPersonalData(browser, people);
        browser.findElement(By.cssSelector("#library-table a[href='/dashboard/libraries/" + GYEONGGI_LIBRARY + "']"))
                .click();
        awaitLive(browser);
        assertThat(browser.getCurrentUrl()).isEqualTo(hub + "/dashboard/libraries/" + GYEONGGI_LIBRARY);
        assertThat(count(browser, "today-checkouts")).as("checkouts at 141001 today").isGreaterThanOrEqualTo(1);
        assertThat(count(browser, "today-enrollments")).as("enrollments at 141001 today").isGreaterThanOrEqualTo(1);
        assertThat(text(browser)).contains(GYEONGGI_LIBRARY);
        noPersonalData(browser, people);
        screenshot(browser, "dashboard-library-141001.png");

        // In English, the same figures.
        browser.get(hub + "/dashboard?lang=en");
        awaitLive(browser);
        assertThat(text(browser)).contains("Checkouts").contains("Regions");
        noPersonalData(browser, people);
        browser.get(hub + "/dashboard?lang=ko");
        awaitLive(browser);
    }

    @Test
    void gyeonggisOperatorSeesGyeonggiAndNothingOfSeoul(Federation federation) {
        // Activity in Seoul today, so that there would be something of Seoul's to see.
        String seoulMember = Library.enrollAndAwaitHub(federation, SEOUL_LIBRARY, Library.adult());
        Circulation.lend(federation, SEOUL_LIBRARY, seoulMember, Circulation.newItem(SEOUL_LIBRARY));
        String gyeonggiMember = Library.enrollAndAwaitHub(federation, GYEONGGI_LIBRARY, Library.adult());
        Circulation.lend(federation, GYEONGGI_LIBRARY, gyeonggiMember, Circulation.newItem(GYEONGGI_LIBRARY));

        WebDriver browser = browser(federation);
        String hub = federation.hub().baseUrl();
        logIn(browser, hub + "/dashboard", KeycloakServer.GYEONGGI_OPERATOR_USER,
                federation.keycloak().password(KeycloakServer.GYEONGGI_OPERATOR_USER));
        awaitLive(browser);
        assertThat(browser.getCurrentUrl()).as("an operator's overview is its region's page")
                .isEqualTo(hub + "/dashboard/regions/gyeonggi");
        new WebDriverWait(browser, LIVE, Duration.ofMillis(100)).withMessage("Gyeonggi's checkouts")
                .until(b -> count(b, "today-checkouts") >= 1);
        String page = browser.getPageSource();
        assertThat(page).contains(GYEONGGI_LIBRARY).doesNotContain("seoul").doesNotContain(SEOUL_LIBRARY)
                .doesNotContain("111002");

        for (String other : List.of("/dashboard/regions/seoul", "/dashboard/libraries/" + SEOUL_LIBRARY)) {
            browser.get(hub + other);
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("main.refused")));
            assertThat(browser.findElement(By.tagName("main")).getText()).as(other)
                    .contains("이 현황을 볼 권한이 없습니다.").doesNotContain(SEOUL_LIBRARY);
            assertThat(browser.findElements(By.id("today-checkouts"))).as(other).isEmpty();
        }
        // The feed answers the same with the session's cookie.
        browser.get(hub + "/dashboard/api/national");
        assertThat(browser.getPageSource()).contains("REGION_NOT_PERMITTED").doesNotContain("\"today\"");
        browser.get(hub + "/dashboard/api/regions/seoul");
        assertThat(browser.getPageSource()).contains("REGION_NOT_PERMITTED").doesNotContain("\"today\"");
    }

    // ---- the browser ------------------------------------------------------------------------------------------------

    /**
     * Debian's chromium and chromedriver (installed by .ci/run when missing), headless, at a 1366x768 laptop's size.
     * The hub and Keycloak serve HTTPS with certificates of the run's CA: the browser accepts the chains that hold that
     * CA's key ({@code --ignore-certificate-errors-spki-list}, the one CA only, not every certificate), as a headless
     * chromium has no trust store of its own to import the CA into.
     */
    private WebDriver browser(Federation federation) {
        File chromium = onPath("chromium").orElseThrow(() -> new IllegalStateException("no chromium on the PATH: "
                + "apt-get install -y chromium chromium-driver fonts-nanum (.ci/run does it when run as root)"));
        File chromedriver = onPath("chromedriver").orElseThrow(() -> new IllegalStateException("no chromedriver on "
                + "the PATH: apt-get install -y chromium-driver (.ci/run does it when run as root)"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768",
                "--lang=ko-KR", "--ignore-certificate-errors-spki-list=" + spkiHash(federation));
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "ko-KR,ko"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browsers.add(browser);
        return browser;
    }

    /** Base64 of the SHA-256 of the run's CA's public key (its SubjectPublicKeyInfo), as chromium takes it. */
    private static String spkiHash(Federation federation) {
        try {
            byte[] key = federation.certificateAuthority().certificate().getPublicKey().getEncoded();
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(key));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<File> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator))
                .map(dir -> new File(dir, program)).filter(File::canExecute).findFirst();
    }

    /** Opens a dashboard page, is sent to the identity provider's login page, and logs in there. */
    private static void logIn(WebDriver browser, String page, String user, String password) {
        browser.get(page);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        WebElement username = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        assertThat(browser.getCurrentUrl()).as("the identity provider's login page")
                .contains("/realms/chaekieum/protocol/openid-connect/auth");
        username.sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.urlContains("/dashboard"));
    }

    /** The page is the dashboard's and its stream has delivered the figures at least once. */
    private static void awaitLive(WebDriver browser) {
        new WebDriverWait(browser, Duration.ofSeconds(20), Duration.ofMillis(100)).withMessage("the page's stream")
                .until(b -> !b.findElements(By.id("today-checkouts")).isEmpty()
                        && Integer.parseInt(Optional.ofNullable(b.findElement(By.id("main")).getDomAttribute(
                        "data-updates")).orElse("0")) >= 1);
    }

    private static long count(WebDriver browser, String id) {
        return count(browser, By.id(id));
    }

    private static long count(WebDriver browser, By figure) {
        String digits = browser.findElement(figure).getText().replaceAll("[^0-9]", "");
        return digits.isEmpty() ? -1 : Long.parseLong(digits);
    }

    private static String text(WebDriver browser) {
        return browser.findElement(By.tagName("body")).getText();
    }

    /** Neither the text shown nor the page's source holds a name, phone, birth date, identity key or member number. */
    private static void noPersonalData(WebDriver browser, List<EnrollmentRequest> people) {
        String shown = text(browser);
        String source = browser.getPageSource();
        for (EnrollmentRequest person : people) {
            for (String value : List.of(person.name(), person.phone(), person.birthDate(), person.identityKey())) {
                assertThat(shown).as("%s on %s", value, browser.getCurrentUrl()).doesNotContain(value);
                assertThat(source).as("%s in %s", value, browser.getCurrentUrl()).doesNotContain(value);
            }
        }
        assertThat(MEMBER_NUMBER.matcher(shown).find()).as("a member number on %s", browser.getCurrentUrl())
                .isFalse();
        assertThat(MEMBER_NUMBER.matcher(source).find()).as("a member number in %s", browser.getCurrentUrl())
                .isFalse();
    }

    /**
     * A screenshot of the whole page at a 1366-pixel laptop's width (the window is made as tall as the page for it,
     * then 768 again), kept under deploy/target.
     */
    private static Path screenshot(WebDriver browser, String name) throws IOException {
        Path target = Path.of(System.getProperty("federation.root", ".")).resolve("deploy").resolve("target")
                .resolve(name);
        Files.createDirectories(target.getParent());
        Number height = (Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollHeight;");
        Dimension laptop = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(laptop.getWidth(),
                Math.max(laptop.getHeight(), height.intValue() + 140)));
        try {
            // Let the charts take the new size before the picture.
            new WebDriverWait(browser, Duration.ofSeconds(5)).until(b -> ((JavascriptExecutor) b).executeScript(
                    "return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))));"));
            File taken = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(taken.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.manage().window().setSize(laptop);
        }
        return target;
    }
}
