package dev.herald.processor.winfo;

import static dev.herald.processor.winfo.WatcherTransitions.eventFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.processor.winfo.WatcherEntry.Status;
import dev.herald.processor.winfo.WatcherTransitions.Cause;
import org.junit.jupiter.api.Test;

class WatcherTransitionsTest {

  @Test
  void newSubscriptionIsSubscribeWhetherItWaitsForApprovalOrNot() {
    assertThat(eventFor(null, Status.PENDING, Cause.NEW_SUBSCRIPTION)).contains(WinfoEvent.SUBSCRIBE);
    assertThat(eventFor(null, Status.ACTIVE, Cause.NEW_SUBSCRIPTION)).contains(WinfoEvent.SUBSCRIBE);
    assertThat(eventFor(Status.WAITING, Status.PENDING, Cause.NEW_SUBSCRIPTION)).contains(WinfoEvent.SUBSCRIBE);
    assertThat(eventFor(Status.TERMINATED, Status.ACTIVE, Cause.NEW_SUBSCRIPTION)).contains(WinfoEvent.SUBSCRIBE);
  }

  @Test
  void approvalMovesPendingToActive() {
    assertThat(eventFor(Status.PENDING, Status.ACTIVE, Cause.APPROVED_BY_RULE)).contains(WinfoEvent.APPROVED);
  }

  @Test
  void rejectionTerminatesPendingActiveAndWaitingWatchers() {
    for (Status from : new Status[] {Status.PENDING, Status.ACTIVE, Status.WAITING}) {
      assertThat(eventFor(from, Status.TERMINATED, Cause.REJECTED_BY_RULE)).contains(WinfoEvent.REJECTED);
    }
  }

  @Test
  void expiryOfAPendingSubscriptionLeavesItWaiting() {
    assertThat(eventFor(Status.PENDING, Status.WAITING, Cause.EXPIRED)).contains(WinfoEvent.TIMEOUT);
  }

  @Test
  void expiryAndUnsubscribeOfAnActiveSubscriptionAreTimeout() {
    assertThat(eventFor(Status.ACTIVE, Status.TERMINATED, Cause.EXPIRED)).contains(WinfoEvent.TIMEOUT);
    assertThat(eventFor(Status.ACTIVE, Status.TERMINATED, Cause.UNSUBSCRIBED)).contains(WinfoEvent.TIMEOUT);
    assertThat(eventFor(Status.PENDING, Status.WAITING, Cause.UNSUBSCRIBED)).contains(WinfoEvent.TIMEOUT);
  }

  @Test
  void failedNotifyIsProbation() {
    assertThat(eventFor(Status.ACTIVE, Status.TERMINATED, Cause.NOTIFY_FAILED)).contains(WinfoEvent.PROBATION);
  }

  @Test
  void noAuthorizationInTimeIsGiveup() {
    assertThat(eventFor(Status.PENDING, Status.WAITING, Cause.AUTHORIZATION_TIMED_OUT)).contains(WinfoEvent.GIVEUP);
    assertThat(eventFor(Status.PENDING, Status.TERMINATED, Cause.AUTHORIZATION_TIMED_OUT))
        .contains(WinfoEvent.GIVEUP);
  }

  @Test
  void serverEndingIsDeactivatedAndAVanishedResourceIsNoresource() {
    assertThat(eventFor(Status.ACTIVE, Status.TERMINATED, Cause.ENDED_BY_SERVER)).contains(WinfoEvent.DEACTIVATED);
    assertThat(eventFor(Status.PENDING, Status.TERMINATED, Cause.RESOURCE_GONE)).contains(WinfoEvent.NORESOURCE);
  }

  @Test
  void movesTheStateMachineDoesNotHaveGiveNoEvent() {
    assertThat(eventFor(Status.ACTIVE, Status.ACTIVE, Cause.NEW_SUBSCRIPTION)).isEmpty();
    assertThat(eventFor(Status.TERMINATED, Status.ACTIVE, Cause.APPROVED_BY_RULE)).isEmpty();
    assertThat(eventFor(Status.ACTIVE, Status.WAITING, Cause.EXPIRED)).isEmpty();
    assertThat(eventFor(Status.ACTIVE, Status.TERMINATED, Cause.AUTHORIZATION_TIMED_OUT)).isEmpty();
    assertThat(eventFor(Status.TERMINATED, Status.TERMINATED, Cause.REJECTED_BY_RULE)).isEmpty();
    assertThat(eventFor(Status.WAITING, Status.TERMINATED, Cause.NOTIFY_FAILED)).isEmpty();
  }
}
