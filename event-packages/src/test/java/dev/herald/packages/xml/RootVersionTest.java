package dev.herald.packages.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RootVersionTest {

  private static String stamp(String document, String root, long version) {
    return new String(RootVersion.restamp(document.getBytes(StandardCharsets.UTF_8), root, version),
        StandardCharsets.UTF_8);
  }

  @Test
  void onlyTheRootsVersionChangesNotTheDeclarationsOrAChildsVersion() {
    assertThat(stamp("<?xml version=\"1.0\"?><a x=\"1\" version=\"3\"><b version=\"4\"/></a>", "a", 12))
        .isEqualTo("<?xml version=\"1.0\"?><a x=\"1\" version=\"12\"><b version=\"4\"/></a>");
  }

  @Test
  void aPrefixedRootIsFound() {
    assertThat(stamp("<c:a xmlns:c=\"urn:x\" version=\"0\"/>", "a", 5)).isEqualTo("<c:a xmlns:c=\"urn:x\" version=\"5\"/>");
  }

  @Test
  void anotherRootARootWithoutVersionOrANegativeVersionIsRefused() {
    assertThatThrownBy(() -> stamp("<b version=\"1\"/>", "a", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stamp("<a><b version=\"1\"/></a>", "a", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stamp("<a version=\"1\"/>", "a", -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
