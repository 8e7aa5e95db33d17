package dev.herald.launcher.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.common.HttpReply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UiRoutesTest {

  @Test
  void everyFileOfThePageIsInTheJarWithItsContentType() throws Exception {
    for (String name : UiRoutes.fileNames()) {
      HttpReply reply = UiRoutes.file(name).orElseThrow(() -> new AssertionError(name + " is missing"));
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.body()).as(name).isNotEmpty();
      assertThat(reply.contentType()).as(name).endsWith("charset=utf-8");
    }
    assertThat(UiRoutes.file("../UiRoutes.class")).isEmpty();
    assertThat(UiRoutes.file("")).isEmpty();
  }

  @Test
  void theScriptsWriteWhatTheyShowAsTextNeverAsHtml() throws Exception {
    for (String script : new String[] {"app.js", "history.js"}) {
      String text = new String(UiRoutes.file(script).orElseThrow().body(), StandardCharsets.UTF_8);
      assertThat(text).as(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
          "eval(");
    }
  }

  @Test
  void thePagesLoadNothingFromElsewhereAndRunNoInlineScript() throws Exception {
    for (String page : new String[] {"index.html", "history.html"}) {
      String html = new String(UiRoutes.file(page).orElseThrow().body(), StandardCharsets.UTF_8);
      assertThat(html).as(page).doesNotContain("http://", "https://", "<script>", "onclick=", "style=");
    }
  }
}
