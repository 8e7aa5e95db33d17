package dev.herald.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.loadgen.FaultDialog.Outcome;
import dev.herald.loadgen.WatcherDialog.State;
import org.junit.jupiter.api.Test;

/** What a faults run keeps per watcher dialog, and how a dialog comes out of the final check. */
class FaultDialogTest {

  private final WatcherDialogs<FaultDialog> dialogs = new WatcherDialogs<>(2, 2, FaultDialog::new);
  private final FaultDialog dialog = dialogs.get(0);

  /** Set up and ready: active with its first NOTIFY when the setup ended. */
  private FaultDialog ready(FaultDialog d) {
    d.attempt();
    d.activated();
    d.firstNotify();
    assertThat(d.markReady()).isTrue();
    return d;
  }

  @Test
  void everyAttemptCountsAndTakesTheNextCseq() {
    assertThat(dialog.attempt()).isEqualTo(1);
    assertThat(dialog.attempt()).isEqualTo(2);

    assertThat(dialog.attempts()).isEqualTo(2);
    assertThat(dialog.state()).isEqualTo(State.TRYING);
  }

  @Test
  void aRequestInTheDialogWaitsForTheOneUnderWay() {
    ready(dialog);
    assertThat(dialog.refreshable()).isTrue();

    dialog.inDialogSent();
    assertThat(dialog.refreshable()).isFalse();
    assertThat(dialog.endable()).isFalse();

    dialog.requestEnded();
    assertThat(dialog.refreshable()).isTrue();
    assertThat(dialog.endable()).isTrue();
  }

  @Test
  void aDialogThatWasNotReadyIsNotRefreshedButIsEnded() {
    dialog.attempt();
    dialog.activated();
    dialog.markReady();

    assertThat(dialog.refreshable()).isFalse();
    assertThat(dialog.endable()).isTrue();
  }

  @Test
  void aRefusedRefreshEndsOnlyAnActiveDialog() {
    ready(dialog);
    assertThat(dialog.endedByRefresh()).isTrue();
    assertThat(dialog.state()).isEqualTo(State.ENDED);
    assertThat(dialog.endable()).isFalse();

    assertThat(dialog.endedByRefresh()).as("ended already").isFalse();
    FaultDialog trying = dialogs.get(1);
    trying.attempt();
    assertThat(trying.endedByRefresh()).isFalse();
    assertThat(trying.state()).isEqualTo(State.TRYING);
  }

  @Test
  void onlyTheFirstFinalNotifyToAReadyDialogCounts() {
    FaultDialog notReady = dialogs.get(1);
    notReady.attempt();
    notReady.activated();
    notReady.markReady();
    assertThat(notReady.finalNotified()).isFalse();

    ready(dialog);
    assertThat(dialog.awaitsFinal()).isTrue();
    assertThat(dialog.finalNotified()).isTrue();
    assertThat(dialog.finalNotified()).isFalse();
    assertThat(dialog.awaitsFinal()).isFalse();
  }

  @Test
  void aReadyActiveDialogAwaitsAMarkerUntilANotifyCarriesItOrANewerOne() {
    ready(dialog);
    assertThat(dialog.awaits(5)).isTrue();

    dialog.sawMarker(7);
    dialog.sawMarker(3);

    assertThat(dialog.awaits(7)).isFalse();
    assertThat(dialog.awaits(5)).isFalse();
    assertThat(dialog.awaits(8)).isTrue();
    dialog.terminatedByServer();
    assertThat(dialog.awaits(8)).as("ended").isFalse();
  }

  @Test
  void anotherSourceIsCountedOncePerDialog() {
    assertThat(dialog.cameFrom(4)).isFalse();
    assertThat(dialog.cameFrom(4)).isFalse();
    assertThat(dialog.cameFrom(2)).isTrue();
    assertThat(dialog.cameFrom(9)).isFalse();
    assertThat(dialog.cameFrom(4)).isFalse();
  }

  @Test
  void aReadyDialogCameOutOfTheFinalCheckWithTheFinalNotifyWithoutItOrUnchecked() {
    ready(dialog);
    assertThat(dialog.outcome(false)).isEqualTo(Outcome.UNCHECKED);
    assertThat(dialog.outcome(true)).isEqualTo(Outcome.NO_FINAL_NOTIFY);

    dialog.finalNotified();

    assertThat(dialog.outcome(true)).isEqualTo(Outcome.GOT_FINAL);
    assertThat(dialog.outcome(false)).as("the note came all the same").isEqualTo(Outcome.GOT_FINAL);
    assertThat(Outcome.GOT_FINAL.lasted()).isTrue();
    assertThat(Outcome.NO_FINAL_NOTIFY.lasted()).isTrue();
    assertThat(Outcome.UNCHECKED.lasted()).isFalse();
  }

  @Test
  void aDialogEndedEarlyCountsAsEndedHoweverItWentAfter() {
    ready(dialog);
    dialog.terminatedByServer();
    dialog.activated();
    dialog.finalNotified();
    assertThat(dialog.outcome(true)).isEqualTo(Outcome.TERMINATED);
    assertThat(Outcome.TERMINATED.lasted()).isFalse();

    FaultDialog refused = ready(dialogs.get(1));
    refused.endedByRefresh();
    assertThat(refused.outcome(false)).isEqualTo(Outcome.ENDED_BY_REFRESH);
    assertThat(Outcome.ENDED_BY_REFRESH.lasted()).isFalse();
  }
}
