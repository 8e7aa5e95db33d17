package dev.herald.launcher;

import static dev.herald.launcher.SipChecks.ANSWER;
import static dev.herald.launcher.SipChecks.healthy;
import static dev.herald.launcher.SipChecks.nextNotify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.herald.common.admin.AdminAuth;
import dev.herald.common.admin.AdminRole;
import dev.herald.common.admin.AdminTokens;
import dev.herald.launcher.ui.UiSettings;
import dev.herald.testkit.Browser;
import dev.herald.testkit.SipTestAgent;
import dev.herald.registrant.RegistrantConfig;
import dev.herald.testkit.TestRegistrar;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The web view in a real browser, headless Chromium: the page follows what a SIP agent PUBLISHes and
 * who SUBSCRIBEs, as it happens, shows a note as text, filters, and opens a resource's history.
 */
class WebViewBrowserIT {

  private static final String CARD = "article.presentity[data-uri='" + WebViewIT.ALICE + "']";

  @TempDir
  Path dataDir;

  @TempDir
  Path profile;

  @Test
  void thePageShowsAPublishAWatcherAndTheHistoryAsTheyHappen() throws Exception {
    Browser.assumeAvailable();
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    int port = settings.sipPort();
    try (Herald herald = new Herald(settings).withUi(UiSettings.defaults()).start();
         SipTestAgent alice = SipTestAgent.udp("alice");
         SipTestAgent bob = SipTestAgent.udp("bob");
         Browser browser = Browser.start(profile)) {
      await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));
      String readToken = AdminTokens.at(dataDir.resolve(AdminAuthSettings.TOKENS_FILE))
          .create("viewer", AdminRole.READ, Clock.systemUTC()).token();
      browser.open("http://127.0.0.1:" + settings.adminPort() + "/ui?" + AdminAuth.QUERY_PARAMETER + "=" + readToken);
      browser.waitForText("#connection", "live", ANSWER);

      String note = "<img src=x onerror=alert(1)> in a meeting";
      Response published = WebViewIT.publish(alice, port, null, "open", note, "meeting");
      assertThat(published.getStatusCode()).isEqualTo(200);
      browser.waitForText(CARD + " .basic", "open", ANSWER);
      WebElement shown = browser.waitForText(CARD + " .note", "in a meeting", ANSWER);
      assertThat(shown.getText()).as("the note as text, not as HTML").isEqualTo(note);
      assertThat(browser.all(CARD + " img")).isEmpty();
      assertThat(browser.all(CARD + " .activity")).extracting(WebElement::getText).containsExactly("meeting");

      assertThat(WebViewIT.publish(alice, port, published, "closed", "gone home", "away").getStatusCode())
          .isEqualTo(200);
      browser.waitForText(CARD + " .basic", "closed", ANSWER);
      browser.waitForText(CARD + " .note", "gone home", ANSWER);

      Request subscribe = bob.request(Request.SUBSCRIBE, "sip:bob@example.com", WebViewIT.ALICE, port);
      subscribe.addHeader(bob.headers.createEventHeader("presence"));
      subscribe.addHeader(bob.headers.createExpiresHeader(600));
      assertThat(bob.send(subscribe, ANSWER).getStatusCode()).isEqualTo(200);
      nextNotify(bob);
      WebElement watcher = browser.waitForText(CARD + " li.watcher", "sip:bob@example.com", ANSWER);
      assertThat(watcher.getText()).contains("active", "udp 127.0.0.1:" + bob.port());
      assertThat(browser.all("button")).as("a read token: no actions").isEmpty();
      assertThat(browser.driver().getCurrentUrl()).as("the token left the address").doesNotContain(readToken);

      browser.type("#filter", "nobody-here");
      browser.waitForNone(CARD, ANSWER);
      browser.type("#filter", "gone home");
      browser.waitForVisible(CARD, ANSWER);

      browser.driver().findElement(By.cssSelector(CARD + " a.history")).click();
      browser.waitForText("#resource", WebViewIT.ALICE, ANSWER);
      browser.waitForText("#history tbody", "PUBLISH", ANSWER);
      browser.waitForText("#history tbody", "SUBSCRIBE", ANSWER);
    }
  }

  @Test
  void withActionsOnTheButtonsResetAConferenceAndForceARegistrationThroughTheAdminApi() throws Exception {
    Browser.assumeAvailable();
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    int port = settings.sipPort();
    String conference = "sip:conf42@example.com";
    RegistrantConfig worker = RegistrantConfig.defaults("registrant-0", "herald-registrant")
        .withSip("127.0.0.1", 0, "UDP").withSpread(Duration.ofSeconds(1), 100);
    try (TestRegistrar registrar = new TestRegistrar().grant(300, true);
         Herald herald = new Herald(settings).withUi(new UiSettings(true, true, 4, 1024)).withRegistrantWorker(worker)
             .start();
         SipTestAgent mixer = SipTestAgent.udp("conf42");
         Browser browser = Browser.start(profile, 390, 844)) {
      await().atMost(ANSWER).until(() -> healthy(settings.adminPort()));
      CliRun add = CliRun.herald(settings.adminPort(), "reg", "add", "--registrar", registrar.uri(), "--aor",
          "sip:pbx@example.net", "--binding-uri", "sip:pbx@127.0.0.1:5999");
      assertThat(add.exitCode()).as("%s", add).isZero();
      Request publish = mixer.request(Request.PUBLISH, conference, conference, port);
      publish.addHeader(mixer.headers.createEventHeader("conference"));
      publish.addHeader(mixer.headers.createExpiresHeader(3600));
      publish.setContent("<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" entity=\"" + conference
          + "\" state=\"full\" version=\"1\"><users/></conference-info>",
          mixer.headers.createContentTypeHeader("application", "conference-info+xml"));
      assertThat(mixer.send(publish, ANSWER).getStatusCode()).isEqualTo(200);

      // Actions show to a page opened with an admin token.
      browser.open("http://127.0.0.1:" + settings.adminPort() + "/ui?" + AdminAuth.QUERY_PARAMETER + "="
          + SipChecks.adminToken(settings.adminPort()));
      String registrant = "article.registrant[data-aor='sip:pbx@example.net']";
      browser.waitForText(registrant, "3 REGISTERED", ANSWER);
      int registersBefore = registrar.receivedFor("sip:pbx@example.net").size();
      browser.waitForVisible(registrant + " button", ANSWER).click();
      browser.waitForText("#message", "HTTP 202", ANSWER);
      await().atMost(ANSWER).until(() -> registrar.receivedFor("sip:pbx@example.net").size() > registersBefore);

      String card = "article.presentity[data-uri='" + conference + "']";
      browser.waitForText(card, "conference", ANSWER);
      browser.waitForVisible(card + " button", ANSWER).click();
      browser.waitForText("#message", "HTTP 200", ANSWER);
      assertThat(browser.waitForVisible("#message", ANSWER).getText()).contains(conference);
    }
  }
}
