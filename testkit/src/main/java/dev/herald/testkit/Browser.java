package dev.herald.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for browser tests, driven through ChromeDriver with Selenium: Debian's
 * {@code chromium} and {@code chromium-driver} packages, never a browser Selenium would download.
 *
 * <p>A test calls {@link #assumeAvailable()} first: without Chromium it is skipped, and says why, unless
 * {@value #REQUIRE_VARIABLE}{@code =1} is set (as CI does), when it fails instead. Each browser runs
 * with a profile of its own in the directory the test gives (a JUnit temporary directory), and with
 * Chromium's background networking off: on a network without the outside world Chromium's own
 * connections to it are refused, and a page's requests then wait behind them.
 *
 * <p>Selenium comes with {@code testkit}; a module whose tests use its types themselves ({@code WebElement},
 * {@code By}) declares {@code selenium-chrome-driver} and {@code selenium-support} too (versions and test
 * scope from the parent pom), as the launcher does.
 */
public final class Browser implements AutoCloseable {

  /** Debian's Chromium. */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  /** Debian's ChromeDriver, of the same version as its Chromium. */
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** Set to 1 where a missing Chromium must fail the browser tests rather than skip them. */
  public static final String REQUIRE_VARIABLE = "HERALD_REQUIRE_CHROMIUM";

  private static final List<String> ARGUMENTS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
      "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--disable-dev-shm-usage");

  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private Browser(ChromeDriverService service, ChromeDriver driver) {
    this.service = service;
    this.driver = driver;
  }

  /**
   * Skips the calling test when Chromium or ChromeDriver is missing, with the reason; fails it instead
   * when {@value #REQUIRE_VARIABLE} is 1.
   */
  public static void assumeAvailable() {
    assumeAvailable(System.getenv(), CHROMIUM, CHROMEDRIVER);
  }

  static void assumeAvailable(Map<String, String> env, Path chromium, Path chromedriver) {
    String missing = !Files.isExecutable(chromium) ? chromium + " is not installed (Debian package chromium)"
        : !Files.isExecutable(chromedriver) ? chromedriver + " is not installed (Debian package chromium-driver)"
        : null;
    if (missing == null) {
      return;
    }
    if ("1".equals(env.get(REQUIRE_VARIABLE))) {
      throw new AssertionError(missing + ", and " + REQUIRE_VARIABLE + "=1 requires the browser tests to run");
    }
    Assumptions.abort("browser test skipped: " + missing + "; set " + REQUIRE_VARIABLE + "=1 to fail instead");
  }

  /**
   * Starts headless Chromium with a fresh profile in {@code profileDir} and a window of {@code width} ×
   * {@code height} CSS pixels.
   */
  public static Browser start(Path profileDir, int width, int height) {
    return start(profileDir, width, height, List.of());
  }

  /**
   * Starts headless Chromium as {@link #start(Path, int, int)} does, with more command-line
   * arguments, such as {@code --ignore-certificate-errors-spki-list} to trust a test's own certificate.
   */
  public static Browser start(Path profileDir, int width, int height, List<String> arguments) {
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().withSilent(true).build();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
    options.addArguments(ARGUMENTS);
    options.addArguments("--user-data-dir=" + profileDir.toAbsolutePath(), "--window-size=" + width + "," + height);
    options.addArguments(arguments);
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().window().setSize(new Dimension(width, height));
      return new Browser(service, driver);
    } catch (RuntimeException e) {
      service.stop();
      throw e;
    }
  }

  /** A browser of a laptop's window, 1280 × 900. */
  public static Browser start(Path profileDir) {
    return start(profileDir, 1280, 900);
  }

  /** Loads {@code url} and returns once its document has loaded. */
  public Browser open(String url) {
    driver.get(url);
    return this;
  }

  /** Waits until an element matching {@code cssSelector} shows {@code text} (in its visible text). */
  public WebElement waitForText(String cssSelector, String text, Duration timeout) {
    By by = By.cssSelector(cssSelector);
    new WebDriverWait(driver, timeout).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    return driver.findElement(by);
  }

  /** Waits until an element matching {@code cssSelector} is visible, and returns it. */
  public WebElement waitForVisible(String cssSelector, Duration timeout) {
    return new WebDriverWait(driver, timeout).until(
        ExpectedConditions.visibilityOfElementLocated(By.cssSelector(cssSelector)));
  }

  /** Waits until no element matches {@code cssSelector}. */
  public void waitForNone(String cssSelector, Duration timeout) {
    new WebDriverWait(driver, timeout).until(
        ExpectedConditions.numberOfElementsToBe(By.cssSelector(cssSelector), 0));
  }

  /** The elements matching {@code cssSelector} now. */
  public List<WebElement> all(String cssSelector) {
    return driver.findElements(By.cssSelector(cssSelector));
  }

  /** Types {@code text} into the element matching {@code cssSelector}, after clearing it. */
  public void type(String cssSelector, String text) {
    WebElement field = driver.findElement(By.cssSelector(cssSelector));
    field.clear();
    field.sendKeys(text);
  }

  /** A PNG of the window as it shows now, written to {@code file}. */
  public Path screenshot(Path file) {
    try {
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the screenshot to " + file, e);
    }
  }

  /** The driver itself, for what this class does not offer. */
  public WebDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
