package dev.herald.packages.rls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListLimitsTest {

  @Test
  void theDefaultsAreFourLevelsAndAThousandMembers() {
    assertThat(ListLimits.defaults()).isEqualTo(new ListLimits(4, 1000));
  }

  @Test
  void limitsBelowOneAreRefused() {
    assertThatThrownBy(() -> new ListLimits(0, 10)).hasMessageContaining("depth");
    assertThatThrownBy(() -> new ListLimits(2, 0)).hasMessageContaining("member");
  }

  @Test
  void aMemberIsNormalisedAndOneThatIsNoSipUriIsRefused() {
    assertThat(ListMember.of(" <sip:Bob@EXAMPLE.com;transport=udp> ", " Bob "))
        .isEqualTo(new ListMember("sip:Bob@example.com", "Bob"));
    assertThatThrownBy(() -> ListMember.of("mailto:bob@example.com", null)).hasMessageContaining("mailto:");
    assertThatThrownBy(() -> new ListMember("sip:Bob@EXAMPLE.com", null)).hasMessageContaining("normalised");
  }
}
