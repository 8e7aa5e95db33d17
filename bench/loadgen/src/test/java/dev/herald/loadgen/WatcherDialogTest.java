package dev.herald.loadgen;

import static dev.herald.loadgen.SipTexts.notifyOf;
import static dev.herald.loadgen.SipTexts.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.loadgen.WatcherDialog.State;
import org.junit.jupiter.api.Test;

/** The dialog states both the latency and the faults mode go through, and what the dialogs count together. */
class WatcherDialogTest {

  private final SipRequests requests = new SipRequests("r1", "10.0.0.1", 5070, "example.com", "load-");
  private final WatcherDialogs<WatcherDialog> dialogs = new WatcherDialogs<>(4, 2, WatcherDialog::new);

  @Test
  void aDialogSettlesOnceActiveWithItsFirstNotifyWhicheverCameFirst() {
    WatcherDialog twoXxFirst = dialogs.get(0);
    WatcherDialog notifyFirst = dialogs.get(1);

    assertThat(twoXxFirst.subscribing()).isEqualTo(1);
    assertThat(twoXxFirst.state()).isEqualTo(State.TRYING);
    twoXxFirst.activated();
    assertThat(dialogs.settled()).as("active, no NOTIFY yet").isZero();
    assertThat(twoXxFirst.firstNotify()).isTrue();
    assertThat(dialogs.settled()).isEqualTo(1);

    notifyFirst.subscribing();
    assertThat(notifyFirst.firstNotify()).isTrue();
    assertThat(dialogs.settled()).as("notified, no 2xx yet").isEqualTo(1);
    notifyFirst.activated();
    assertThat(dialogs.settled()).isEqualTo(2);

    assertThat(twoXxFirst.firstNotify()).as("a later NOTIFY is not the first").isFalse();
    twoXxFirst.ended();
    assertThat(dialogs.settled()).as("a dialog counts once").isEqualTo(2);
  }

  @Test
  void aFailedOrEndedDialogIsSettledAClosedOneIsNot() {
    dialogs.get(0).subscribing();
    dialogs.get(0).failed();
    dialogs.get(1).subscribing();
    dialogs.get(1).ended();
    dialogs.get(2).closed();

    assertThat(dialogs.settled()).isEqualTo(2);
    assertThat(dialogs.get(1).state().open()).isFalse();
    assertThat(State.TRYING.open()).isTrue();
    assertThat(State.ACTIVE.open()).isTrue();
  }

  @Test
  void onlyADialogActiveWithItsFirstNotifyIsReady() {
    WatcherDialog activeNotified = dialogs.get(0);
    activeNotified.subscribing();
    activeNotified.activated();
    activeNotified.firstNotify();
    WatcherDialog activeOnly = dialogs.get(1);
    activeOnly.subscribing();
    activeOnly.activated();
    WatcherDialog notifiedOnly = dialogs.get(2);
    notifiedOnly.subscribing();
    notifiedOnly.firstNotify();

    assertThat(activeNotified.markReady()).isTrue();
    assertThat(activeOnly.markReady()).isFalse();
    assertThat(notifiedOnly.markReady()).isFalse();
    assertThat(activeNotified.ready()).isTrue();
    assertThat(activeOnly.ready()).isFalse();
  }

  @Test
  void aNotifyThatOvertakesTheTwoXxSetsTheRemoteTagAndOneFromAnotherTagIsNotTheDialogs() {
    assertThat(dialogs.of(requests, notifyOf(3, "srv-a"))).isSameAs(dialogs.get(3));
    assertThat(dialogs.get(3).remoteTagText()).isEqualTo("srv-a");

    assertThat(dialogs.of(requests, notifyOf(3, "srv-b"))).isNull();
    assertThat(dialogs.of(requests, notifyOf(3, "srv-a"))).isSameAs(dialogs.get(3));
    assertThat(dialogs.of(requests, notifyOf(4, "srv-a"))).as("no such dialog").isNull();
  }

  @Test
  void theTwoXxTagIsKeptBesideAnEarlierNotifysOrTakenInsteadForgettingThatNotify() {
    WatcherDialog keeping = dialogs.get(0);
    dialogs.of(requests, notifyOf(0, "early"));
    keeping.firstNotify();
    keeping.keepRemoteTagOf(response(200, "late", null, -1));
    assertThat(keeping.remoteTagText()).isEqualTo("early");
    assertThat(keeping.notified()).isTrue();

    WatcherDialog taking = dialogs.get(1);
    dialogs.of(requests, notifyOf(1, "early"));
    taking.firstNotify();
    assertThat(taking.takeRemoteTagOf(response(200, "early", null, -1))).as("the same tag").isFalse();
    assertThat(taking.notified()).isTrue();
    assertThat(taking.takeRemoteTagOf(response(200, "late", null, -1))).isTrue();
    assertThat(taking.remoteTagText()).isEqualTo("late");
    assertThat(taking.notified()).isFalse();

    WatcherDialog fresh = dialogs.get(2);
    fresh.keepRemoteTagOf(response(200, "first", null, -1));
    assertThat(fresh.remoteTagText()).isEqualTo("first");
  }

  @Test
  void aNewAttemptForgetsTheRemoteTagAndTheFirstNotify() {
    WatcherDialog dialog = dialogs.get(0);
    dialog.subscribing();
    dialogs.of(requests, notifyOf(0, "old"));
    dialog.firstNotify();

    dialog.forgetRemote();

    assertThat(dialog.remoteTagText()).isNull();
    assertThat(dialog.notified()).isFalse();
    assertThat(dialog.subscribing()).as("the same dialog, CSeq + 1").isEqualTo(2);
    assertThat(dialogs.of(requests, notifyOf(0, "new"))).isSameAs(dialog);
  }

  @Test
  void anUnsentRequestGivesItsCseqBack() {
    WatcherDialog dialog = dialogs.get(0);
    dialog.resume("kept", 7);

    assertThat(dialog.nextCseq()).isEqualTo(8);
    dialog.cseqNotUsed();
    assertThat(dialog.cseq()).isEqualTo(7);
    assertThat(dialog.nextCseq()).isEqualTo(8);
  }

  @Test
  void theShortestGrantedDurationIsKeptAndMinusOneWhenNoTwoXxNamedOne() {
    assertThat(dialogs.minGrantedExpires()).isEqualTo(-1);
    dialogs.granted(response(200, "t", null, -1));
    assertThat(dialogs.minGrantedExpires()).isEqualTo(-1);

    dialogs.granted(response(200, "t", null, 600));
    dialogs.granted(response(200, "t", null, 120));
    dialogs.granted(response(200, "t", null, 3600));

    assertThat(dialogs.minGrantedExpires()).isEqualTo(120);
  }

  @Test
  void theDialogsOfAPresentityAreItsWatchersInOrder() {
    assertThat(dialogs.watching(1)).containsExactly(dialogs.get(2), dialogs.get(3));
    assertThat(dialogs.get(3).presentity).isEqualTo(1);
    assertThat(dialogs.all()).hasSize(4);
  }
}
