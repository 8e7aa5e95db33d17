package dev.herald.packages.presence.winfo;

import static dev.herald.packages.presence.winfo.WatcherTransitions.eventFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.packages.presence.winfo.WatcherEntry.Status;
import dev.herald.packages.spi.ChangeCause;
import org.junit.jupiter.api.Test;

class WatcherTransitionsTest {

  @Test
  void newSubscriptionIsSubscribeWhetherItWaitsForApprovalOrNot() {
    assertThat(eventFor(null, Status.PENDING, ChangeCause.NEW_SUBSCRIPTION)).contains(WinfoEvent.SUBSCRIBE);
    assertThat(eventFor(null, Status.ACTIVE, ChangeCause.NEW_SUBSCRIPTION)).contains(WinfoEvent.SUBSCRIBE);
    assertThat(eventFor(Status.WAITING, Status.PENDING, ChangeCause.NEW_SUBSCRIPTION)).contains(WinfoEvent.SUBSCRIBE);
    assertThat(eventFor(Status.TERMINATED, Status.ACTIVE, ChangeCause.NEW_SUBSCRIPTION)).contains(WinfoEvent.SUBSCRIBE);
  }

  @Test
  void approvalMovesPendingToActive() {
    assertThat(eventFor(Status.PENDING, Status.ACTIVE, ChangeCause.APPROVED_BY_RULE)).contains(WinfoEvent.APPROVED);
  }

  @Test
  void rejectionTerminatesPendingActiveAndWaitingWatchers() {
    for (Status from : new Status[] {Status.PENDING, Status.ACTIVE, Status.WAITING}) {
      assertThat(eventFor(from, Status.TERMINATED, ChangeCause.REJECTED_BY_RULE)).contains(WinfoEvent.REJECTED);
    }
  }

  @Test
  void expiryOfAPendingSubscriptionLeavesItWaiting() {
    assertThat(eventFor(Status.PENDING, Status.WAITING, ChangeCause.EXPIRED)).contains(WinfoEvent.TIMEOUT);
  }

  @Test
  void expiryAndUnsubscribeOfAnActiveSubscriptionAreTimeout() {
    assertThat(eventFor(Status.ACTIVE, Status.TERMINATED, ChangeCause.EXPIRED)).contains(WinfoEvent.TIMEOUT);
    assertThat(eventFor(Status.ACTIVE, Status.TERMINATED, ChangeCause.UNSUBSCRIBED)).contains(WinfoEvent.TIMEOUT);
    assertThat(eventFor(Status.PENDING, Status.WAITING, ChangeCause.UNSUBSCRIBED)).contains(WinfoEvent.TIMEOUT);
  }

  @Test
  void failedNotifyIsProbation() {
    assertThat(eventFor(Status.ACTIVE, Status.TERMINATED, ChangeCause.NOTIFY_FAILED)).contains(WinfoEvent.PROBATION);
  }

  @Test
  void noAuthorizationInTimeIsGiveup() {
    assertThat(eventFor(Status.PENDING, Status.WAITING, ChangeCause.AUTHORIZATION_TIMED_OUT)).contains(WinfoEvent.GIVEUP);
    assertThat(eventFor(Status.PENDING, Status.TERMINATED, ChangeCause.AUTHORIZATION_TIMED_OUT))
        .contains(WinfoEvent.GIVEUP);
  }

  @Test
  void serverEndingIsDeactivatedAndAVanishedResourceIsNoresource() {
    assertThat(eventFor(Status.ACTIVE, Status.TERMINATED, ChangeCause.ENDED_BY_SERVER)).contains(WinfoEvent.DEACTIVATED);
    assertThat(eventFor(Status.PENDING, Status.TERMINATED, ChangeCause.RESOURCE_GONE)).contains(WinfoEvent.NORESOURCE);
  }

  @Test
  void movesTheStateMachineDoesNotHaveGiveNoEvent() {
    assertThat(eventFor(Status.ACTIVE, Status.ACTIVE, ChangeCause.NEW_SUBSCRIPTION)).isEmpty();
    assertThat(eventFor(Status.TERMINATED, Status.ACTIVE, ChangeCause.APPROVED_BY_RULE)).isEmpty();
    assertThat(eventFor(Status.ACTIVE, Status.WAITING, ChangeCause.EXPIRED)).isEmpty();
    assertThat(eventFor(Status.ACTIVE, Status.TERMINATED, ChangeCause.AUTHORIZATION_TIMED_OUT)).isEmpty();
    assertThat(eventFor(Status.TERMINATED, Status.TERMINATED, ChangeCause.REJECTED_BY_RULE)).isEmpty();
    assertThat(eventFor(Status.WAITING, Status.TERMINATED, ChangeCause.NOTIFY_FAILED)).isEmpty();
  }
}
