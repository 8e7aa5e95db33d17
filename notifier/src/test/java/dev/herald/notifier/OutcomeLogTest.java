package dev.herald.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.NotifyCommand;
import dev.herald.avro.NotifyOutcome;
import org.junit.jupiter.api.Test;

class OutcomeLogTest {

  private static NotifyCommand command(boolean reportSuccess) {
    return NotifyCommand.newBuilder().setSubscriptionId("s").setResource("presence|sip:a@x").setRequestUri("sip:w@y")
        .setCallId("c").setFromUri("sip:a@x").setFromTag("f").setToUri("sip:w@y").setToTag("t").setCseq(2)
        .setEvent("presence").setSubscriptionState("active;expires=60").setCreatedAtMs(0)
        .setReportSuccess(reportSuccess).build();
  }

  private static NotifyOutcome outcome(int status, boolean timedOut) {
    return NotifyOutcome.newBuilder().setSubscriptionId("s").setCseq(2).setStatusCode(status).setTimedOut(timedOut)
        .build();
  }

  @Test
  void aSuccessIsReportedOnlyWhenTheProcessorAskedForIt() {
    assertThat(OutcomeLog.changesAnything(command(false), outcome(200, false))).isFalse();
    assertThat(OutcomeLog.changesAnything(command(false), outcome(202, false))).isFalse();
    assertThat(OutcomeLog.changesAnything(command(true), outcome(200, false))).isTrue();
  }

  @Test
  void everyFailureIsReportedWhatTheCommandSays() {
    for (int status : new int[] {408, 481, 488, 503}) {
      assertThat(OutcomeLog.changesAnything(command(false), outcome(status, false))).as("%d", status).isTrue();
    }
    assertThat(OutcomeLog.changesAnything(command(false), outcome(503, true))).isTrue();
  }

  @Test
  void aCommandWrittenBeforeTheFieldExistedReportsEverything() {
    assertThat(NotifyCommand.newBuilder(command(true)).clearReportSuccess().build().getReportSuccess()).isTrue();
  }
}
