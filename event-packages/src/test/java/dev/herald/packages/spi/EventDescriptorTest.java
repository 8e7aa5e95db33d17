package dev.herald.packages.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventDescriptorTest {

  private static final Expiries EXPIRIES = Expiries.defaults();

  @Test
  void anEventNeedsANameAContentTypeAndSubscribeBounds() {
    assertThatThrownBy(() -> EventDescriptor.builder(" ").contentTypes("a/b").subscribe(EXPIRIES.subscribe()).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventDescriptor.builder("e").subscribe(EXPIRIES.subscribe()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("content type");
    assertThatThrownBy(() -> EventDescriptor.builder("e").contentTypes("a/b").build())
        .isInstanceOf(NullPointerException.class).hasMessageContaining("subscribe bounds of e");
  }

  @Test
  void anEventLivesOnItsOwnResourceAndTakesNoPublishUnlessSaid() {
    EventDescriptor event = EventDescriptor.builder("e").contentTypes("a/b").subscribe(EXPIRIES.subscribe()).build();

    assertThat(event.resourcePackage()).isEqualTo("e");
    assertThat(event.publishable()).isFalse();
    assertThatThrownBy(event::publish).isInstanceOf(IllegalStateException.class);
    assertThat(event.publishNeedsBody()).isTrue();
  }

  @Test
  void stateInHeadersMeansAnInitialPublishNeedsNoBody() {
    EventDescriptor event = EventDescriptor.builder("call-info").contentTypes("application/dialog-info+xml")
        .expiries(EXPIRIES).stateInHeaders("Call-Info").build();

    assertThat(event.publishNeedsBody()).isFalse();
    assertThat(event.stateHeaders()).containsExactly("Call-Info");
    assertThat(event.publish()).isEqualTo(EXPIRIES.publish());
  }

  @Test
  void acceptMatchesMediaRangesAsRfc3261Section20Point1Says() {
    EventDescriptor event = EventDescriptor.builder("presence").contentTypes("application/pidf+xml")
        .subscribe(EXPIRIES.subscribe()).build();

    assertThat(event.accepts("*/*")).isTrue();
    assertThat(event.accepts("application/*")).isTrue();
    assertThat(event.accepts("Application/PIDF+XML;q=0.5")).isTrue();
    assertThat(event.accepts("text/*")).isFalse();
  }
}
