package dev.herald.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class BrowserTest {

  @TempDir
  Path dir;

  @Test
  void aMissingChromiumSkipsTheTestAndSaysWhy() {
    assertThatThrownBy(() -> Browser.assumeAvailable(Map.of(), dir.resolve("chromium"), dir.resolve("chromedriver")))
        .isInstanceOf(TestAbortedException.class).hasMessageContaining("chromium")
        .hasMessageContaining(Browser.REQUIRE_VARIABLE);
  }

  @Test
  void aMissingChromiumFailsTheTestWhenTheBrowserTestsAreRequired() {
    assertThatThrownBy(() -> Browser.assumeAvailable(Map.of(Browser.REQUIRE_VARIABLE, "1"), dir.resolve("chromium"),
        dir.resolve("chromedriver"))).isInstanceOf(AssertionError.class).hasMessageContaining("is not installed");
  }
}
