package dev.herald.loadgen;

import static dev.herald.loadgen.SipTexts.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.loadgen.FaultPresentity.FinalPublish;
import dev.herald.loadgen.FaultPresentity.RefusedEtag;
import org.junit.jupiter.api.Test;

/** What a faults run keeps per presentity: its publication, its final PUBLISH, what a restart lost. */
class FaultPresentityTest {

  private static final long FINAL_BASE = 100;

  private final FaultPresentity presentity = new FaultPresentity(3);

  @Test
  void aTwoXxGivesTheEntityTagToModifyAndKeepsTheNewestMarker() {
    presentity.publishSent();
    assertThat(presentity.publishing()).isTrue();

    presentity.accepted(response(200, null, "e1", 600), 12, false);
    assertThat(presentity.publishing()).isFalse();
    assertThat(presentity.etag()).isEqualTo("e1");
    presentity.accepted(response(200, null, null, 600), 9, false);

    assertThat(presentity.etag()).as("a 2xx without SIP-ETag leaves it").isEqualTo("e1");
    assertThat(presentity.latestOkMarker()).isEqualTo(12);
  }

  @Test
  void a412OnAnEntityTagJustGivenIsAnAcceptedPublicationLostAfterAnUnansweredPublishAStaleOne() {
    presentity.accepted(response(200, null, "e1", 600), 1, false);
    assertThat(presentity.preconditionFailed(false)).isEqualTo(RefusedEtag.FRESH);
    assertThat(presentity.etag()).isNull();

    presentity.accepted(response(200, null, "e2", 600), 2, false);
    presentity.failed(FaultRun.LOST, false);
    assertThat(presentity.etag()).as("held on").isEqualTo("e2");
    assertThat(presentity.preconditionFailed(false)).isEqualTo(RefusedEtag.STALE);

    presentity.accepted(response(200, null, "e3", 600), 3, false);
    presentity.failed(503, false);
    assertThat(presentity.preconditionFailed(false)).isEqualTo(RefusedEtag.STALE);
    assertThat(presentity.restartLost()).isFalse();
  }

  @Test
  void a412OnTheKeptEntityTagMeansTheRestartLostThePublicationUntilAnAnswerCame() {
    FaultPresentity refused = new FaultPresentity(0);
    refused.resume("kept", 40);
    assertThat(refused.etag()).isEqualTo("kept");
    assertThat(refused.latestOkMarker()).isEqualTo(40);

    assertThat(refused.preconditionFailed(false)).isEqualTo(RefusedEtag.KEPT);
    assertThat(refused.restartLost()).isTrue();

    FaultPresentity answered = new FaultPresentity(1);
    answered.resume("kept", 40);
    answered.failed(FaultRun.LOST, false);
    assertThat(answered.preconditionFailed(false)).as("no longer the kept one").isEqualTo(RefusedEtag.STALE);
    assertThat(answered.restartLost()).isFalse();
  }

  @Test
  void aFirstNotifyWithoutTheKeptNoteMeansTheRestartLostThePublication() {
    assertThat(presentity.restartLostNote(5)).as("nothing kept").isFalse();

    presentity.resume(null, 40);
    assertThat(presentity.restartLostNote(40)).isFalse();
    assertThat(presentity.restartLost()).isFalse();
    assertThat(presentity.restartLostNote(39)).isTrue();
    assertThat(presentity.restartLost()).isTrue();
  }

  @Test
  void theFinalPublishIsOkLostOrRefusedOnlyWhilePending() {
    assertThat(FinalPublish.PENDING.answered(200)).isEqualTo(FinalPublish.OK);
    assertThat(FinalPublish.PENDING.answered(FaultRun.LOST)).isEqualTo(FinalPublish.LOST);
    assertThat(FinalPublish.PENDING.answered(500)).isEqualTo(FinalPublish.REFUSED);
    assertThat(FinalPublish.PRECONDITION_FAILED.answered(200)).isEqualTo(FinalPublish.PRECONDITION_FAILED);
    assertThat(FinalPublish.NOT_SENT.answered(200)).isEqualTo(FinalPublish.NOT_SENT);
    assertThat(FinalPublish.PRECONDITION_FAILED.lostPublication()).isTrue();
    assertThat(FinalPublish.LOST.lostPublication()).isTrue();
    assertThat(FinalPublish.REFUSED.lostPublication()).isFalse();
  }

  @Test
  void theFinalPublishGoesUnderItsReportNames() {
    assertThat(java.util.Arrays.stream(FinalPublish.values()).map(f -> f.reportName))
        .containsExactly("none", "pending", "ok", "412", "lost", "refused", "notSent");
  }

  @Test
  void theWatchersAreCheckedWhenTheFinalPublishOrAfterA412ItsFallbackGotATwoXx() {
    assertThat(presentity.finalPublish()).isEqualTo(FinalPublish.NONE);
    presentity.finalSent();
    presentity.accepted(response(200, null, "e1", 600), FINAL_BASE + 3, true);
    assertThat(presentity.finalPublish()).isEqualTo(FinalPublish.OK);
    assertThat(presentity.finalAccepted(FINAL_BASE)).isTrue();

    FaultPresentity fellBack = new FaultPresentity(1);
    fellBack.accepted(response(200, null, "e1", 600), 7, false);
    fellBack.finalSent();
    fellBack.preconditionFailed(true);
    assertThat(fellBack.finalPublish()).isEqualTo(FinalPublish.PRECONDITION_FAILED);
    assertThat(fellBack.finalAccepted(FINAL_BASE)).as("the fallback not answered yet").isFalse();
    fellBack.accepted(response(200, null, "e2", 600), FINAL_BASE + 1, true);
    assertThat(fellBack.finalPublish()).as("the 412 stays").isEqualTo(FinalPublish.PRECONDITION_FAILED);
    assertThat(fellBack.finalAccepted(FINAL_BASE)).isTrue();

    FaultPresentity lost = new FaultPresentity(2);
    lost.finalSent();
    lost.failed(FaultRun.LOST, true);
    assertThat(lost.finalPublish()).isEqualTo(FinalPublish.LOST);
    assertThat(lost.finalAccepted(FINAL_BASE)).isFalse();

    FaultPresentity notSent = new FaultPresentity(4);
    notSent.finalNotSent();
    assertThat(notSent.finalPublish()).isEqualTo(FinalPublish.NOT_SENT);
  }

  @Test
  void aRemovalClearsTheEntityTagOnlyOnATwoXx() {
    presentity.accepted(response(200, null, "e1", 600), 1, false);
    presentity.publishSent();
    presentity.removed(false);
    assertThat(presentity.publishing()).isFalse();
    assertThat(presentity.etag()).isEqualTo("e1");

    presentity.publishSent();
    presentity.removed(true);
    assertThat(presentity.etag()).isNull();
  }

  @Test
  void itAwaitsAnswersWhileAnyRequestForItOrItsWatchersIsUnderWay() {
    assertThat(presentity.awaiting()).isFalse();
    presentity.requestSent();
    presentity.requestSent();
    presentity.requestEnded();
    assertThat(presentity.awaiting()).isTrue();
    presentity.requestEnded();
    assertThat(presentity.awaiting()).isFalse();
  }
}
