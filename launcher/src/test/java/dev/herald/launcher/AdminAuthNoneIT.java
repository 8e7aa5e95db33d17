package dev.herald.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code --admin-auth none}: no token anywhere, every request answered, and a warning at start. */
class AdminAuthNoneIT {

  @TempDir
  Path dataDir;

  @Test
  void withoutAuthenticationAWriteNeedsNoTokenNoneIsGeneratedAndTheStartWarns() throws Exception {
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    Logger heraldLog = (Logger) LoggerFactory.getLogger(Herald.class);
    heraldLog.addAppender(logged);
    HeraldSettings settings = SipChecks.freshSettings(dataDir);
    try (Herald herald = new Herald(settings).withAdminAuth(AdminAuthSettings.none()).start()) {
      HttpResponse<String> write = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + herald.adminPort() + "/api/rules/sip:bob@example.com"))
          .DELETE().build(), HttpResponse.BodyHandlers.ofString());

      assertThat(write.statusCode()).isEqualTo(204);
      assertThat(herald.generatedAdminToken()).isEmpty();
      assertThat(Files.exists(herald.adminTokenFile())).isFalse();
      assertThat(logged.list).anySatisfy(event -> {
        assertThat(event.getLevel()).isEqualTo(Level.WARN);
        assertThat(event.getFormattedMessage()).contains("--admin-auth none", "ANYONE");
      });
    } finally {
      heraldLog.detachAppender(logged);
    }
  }
}
