package dev.herald.packages.mwi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.SubHandling;
import dev.herald.packages.spi.AdminOutcome;
import dev.herald.packages.spi.AdminRequest;
import dev.herald.packages.spi.EventPackage;
import dev.herald.packages.spi.Expiries;
import dev.herald.packages.spi.WatcherAuthorization;
import dev.herald.packages.state.Flow;
import dev.herald.packages.state.Publication;
import dev.herald.packages.state.ResourceState;
import dev.herald.packages.state.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageSummaryPackageTest {

  private static final String MAILBOX = "sip:alice@example.com";
  private static final ResourceState EMPTY = ResourceState.empty("message-summary|" + MAILBOX);

  private final MessageSummaryPackage pkg = new MessageSummaryPackage(Expiries.defaults(),
      MessageSummaryFormat.Limits.DEFAULT, (rules, watcher, presentity) -> SubHandling.BLOCK);

  private static Publication published(String tag, long atMs, String body) {
    return new Publication(tag, atMs + 3_600_000, MessageSummaryFormat.CONTENT_TYPE,
        body.getBytes(StandardCharsets.UTF_8), atMs);
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  private static EventPackage.Candidate candidate(String identity) {
    Subscription subscription = Subscription.builder().id("c;w;l").event("message-summary").callId("c")
        .watcherUri(identity).watcherTag("w").resourceUri(MAILBOX).localTag("l").remoteTarget("sip:phone@192.0.2.9")
        .expiresAtMs(600_000).flow(Flow.legacy("udp", "192.0.2.9", 5060)).watcherIdentity(identity).build();
    return new EventPackage.Candidate(subscription, identity, List.of());
  }

  @Test
  void aMailboxWithNothingPublishedShowsNoMessagesWaiting() {
    assertThat(text(pkg.view(EMPTY))).isEqualTo("Messages-Waiting: no\r\n");
  }

  @Test
  void theLatestPublicationOfAMailboxWins() {
    ResourceState state = EMPTY.withPublication(published("newer", 2_000, "Messages-Waiting: yes\r\nVoice-Message: 1/0\r\n"))
        .withPublication(published("older", 1_000, "Messages-Waiting: no\r\nVoice-Message: 0/4\r\n"));

    assertThat(text(pkg.view(state))).contains("Voice-Message: 1/0");
  }

  @Test
  void theOwnerMayWatchTheMailboxAndOthersOnlyAsTheOperatorAllows() {
    assertThat(pkg.admit(EMPTY, null, candidate(MAILBOX), 0)).isInstanceOf(EventPackage.Admission.Admitted.class);
    assertThat(pkg.admit(EMPTY, null, candidate("sip:mallory@example.com"), 0))
        .isInstanceOfSatisfying(EventPackage.Admission.Refused.class,
            refused -> assertThat(refused.refusal().status()).isEqualTo(403));
    MessageSummaryPackage open = new MessageSummaryPackage(Expiries.defaults(), MessageSummaryFormat.Limits.DEFAULT,
        WatcherAuthorization.ALLOW_ALL);
    assertThat(open.admit(EMPTY, null, candidate("sip:reception@example.com"), 0))
        .isInstanceOf(EventPackage.Admission.Admitted.class);
  }

  @Test
  void setReplacesWhatWasPublishedWithTheCountsGivenUntilTheNextWord() {
    ResourceState published = EMPTY.withPublication(published("vm", 1_000, "Messages-Waiting: no\r\n"));

    AdminOutcome outcome = pkg.admin(published, new AdminRequest("set", Map.of("new", "2", "old", "8",
        "account", "sip:*97@example.com"), "admin-1", "admin-api", 5_000));

    assertThat(outcome).isInstanceOfSatisfying(AdminOutcome.Changed.class, changed -> {
      assertThat(changed.state().publications()).singleElement().satisfies(set -> {
        assertThat(set.expiresAtMs()).as("no expiry: a lamp set by hand stays").isEqualTo(Long.MAX_VALUE);
        assertThat(set.entityTag()).isNotEqualTo("vm");
      });
      assertThat(text(pkg.view(changed.state()))).isEqualTo(
          "Messages-Waiting: yes\r\nMessage-Account: sip:*97@example.com\r\nVoice-Message: 2/8 (0/0)\r\n");
    });
  }

  @Test
  void setWithoutNewMessagesTurnsTheLampOff() {
    AdminOutcome outcome = pkg.admin(EMPTY, new AdminRequest("set", Map.of("old", "3"), "admin-2", "admin-api", 0));

    assertThat(outcome).isInstanceOfSatisfying(AdminOutcome.Changed.class,
        changed -> assertThat(text(pkg.view(changed.state()))).startsWith("Messages-Waiting: no\r\n"));
  }

  @Test
  void aBadCountOrAnUnknownCommandIsNotApplied() {
    assertThat(pkg.admin(EMPTY, new AdminRequest("set", Map.of("new", "-1"), "admin-3", "x", 0)))
        .isInstanceOfSatisfying(AdminOutcome.Refused.class,
            refused -> assertThat(refused.refusal().reason()).contains("--new"));
    assertThat(pkg.admin(EMPTY, new AdminRequest("reset", Map.of(), "admin-4", "x", 0)))
        .isInstanceOf(AdminOutcome.Unknown.class);
  }
}
