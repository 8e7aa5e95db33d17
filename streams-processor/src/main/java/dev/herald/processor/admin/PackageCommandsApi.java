package dev.herald.processor.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.herald.avro.AdminCommand;
import dev.herald.avro.RequestEvent;
import dev.herald.common.HttpReply;
import dev.herald.common.Json;
import dev.herald.packages.spi.AdminCommandSpec;
import dev.herald.packages.spi.EventPackageProvider;
import dev.herald.schemas.ResourceKeys;
import dev.herald.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator commands of the event packages, under {@value #PATH}:
 * <ul>
 *   <li>{@code GET /api/packages}: each package, the CLI word of its commands, and the commands</li>
 *   <li>{@code POST /api/packages/{package}/{command}} with {@code {"uri": …, "args": {…}}}: the
 *       command on the package's resource of that URI</li>
 * </ul>
 * A command is checked against the package's {@link AdminCommandSpec} here, then written to the
 * request log keyed by its resource, so the processor applies it in order with every other change
 * and a replay repeats it. The answer (202) comes once the broker acknowledged it; what the
 * package made of it shows in the resource's history and its watchers' NOTIFYs.
 */
public final class PackageCommandsApi implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(PackageCommandsApi.class);

  public static final String PATH = "/api/packages";
  private static final int MAX_BODY_BYTES = 8 * 1024;
  private static final long SEND_TIMEOUT_MS = 10_000;

  /** A command as the CLI sends it. */
  public record CommandBody(String uri, Map<String, String> args) {}

  /** The answer: the resource the command went to, or the error. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Answer(String resource, String command, String error) {}

  /** One installed package as {@code GET /api/packages} lists it. */
  public record PackageView(String name, String commandWord, List<AdminCommandSpec> commands) {}

  private final Producer<String, RequestEvent> producer;
  private final List<EventPackageProvider> packages;
  private final Clock clock;

  public PackageCommandsApi(Producer<String, RequestEvent> producer, List<EventPackageProvider> packages, Clock clock) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.packages = List.copyOf(packages);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    HttpReply.serve(exchange, "package commands API", this::route);
  }

  private HttpReply route(HttpExchange exchange) throws Exception {
    String rest = exchange.getRequestURI().getRawPath().substring(PATH.length());
    if (rest.isEmpty() || rest.equals("/")) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        return error(405, "use GET " + PATH).withAllow("GET");
      }
      return HttpReply.json(200, packages.stream()
          .map(p -> new PackageView(p.name(), p.commandWord(), p.adminCommands())).toList());
    }
    String[] parts = rest.substring(1).split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      return error(404, "use POST " + PATH + "/{package}/{command}");
    }
    if (!"POST".equals(exchange.getRequestMethod())) {
      return error(405, "use POST").withAllow("POST");
    }
    String name = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
    Optional<EventPackageProvider> pkg = packages.stream().filter(p -> p.name().equals(name)).findFirst();
    if (pkg.isEmpty()) {
      return error(404, "no event package " + name);
    }
    String commandName = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
    Optional<AdminCommandSpec> spec = pkg.get().adminCommands().stream()
        .filter(c -> c.name().equals(commandName)).findFirst();
    if (spec.isEmpty()) {
      return error(404, name + " takes no command " + commandName + "; it takes "
          + pkg.get().adminCommands().stream().map(AdminCommandSpec::name).toList());
    }
    Optional<byte[]> raw = HttpReply.body(exchange, MAX_BODY_BYTES);
    if (raw.isEmpty()) {
      return error(413, "a command is at most " + MAX_BODY_BYTES + " bytes");
    }
    CommandBody body;
    try {
      body = Json.read(new String(raw.get(), StandardCharsets.UTF_8), CommandBody.class);
    } catch (UncheckedIOException e) {
      return error(400, "not a command: " + e.getMessage());
    }
    Optional<String> uri = body.uri() == null ? Optional.empty() : ResourceKeys.normaliseUri(body.uri());
    if (uri.isEmpty()) {
      return error(400, "'" + body.uri() + "' is not a sip:, sips: or tel: URI");
    }
    Map<String, String> args = body.args() == null ? Map.of() : body.args();
    Optional<String> bad = spec.get().check(args);
    if (bad.isPresent()) {
      return error(400, bad.get());
    }
    return send(ResourceKeys.of(name, uri.get()), commandName, args);
  }

  private HttpReply send(String resource, String command, Map<String, String> args)
      throws InterruptedException, ExecutionException, TimeoutException {
    RequestEvent event = RequestEvent.newBuilder()
        .setRequestId("admin-" + UUID.randomUUID())
        .setResource(resource)
        .setReceivedAtMs(clock.millis())
        .setPayload(AdminCommand.newBuilder().setCommand(command).setArgs(args).setOperator("admin-api").build())
        .build();
    producer.send(new ProducerRecord<>(Topics.REQUESTS.name(), resource, event))
        .get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    log.info("{} written for {} with {}", command, resource, args);
    return HttpReply.json(202, new Answer(resource, command, null));
  }

  private static HttpReply error(int status, String message) {
    return HttpReply.json(status, new Answer(null, null, message));
  }
}
