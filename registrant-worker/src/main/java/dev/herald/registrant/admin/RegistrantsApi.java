package dev.herald.registrant.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantCommand;
import dev.herald.avro.RegistrantStatus;
import dev.herald.common.HttpReply;
import dev.herald.common.Json;
import dev.herald.common.kafka.TopicCache;
import dev.herald.registrant.accounts.AccountCheck;
import dev.herald.registrant.accounts.AccountFile;
import dev.herald.registrant.accounts.AccountInput;
import dev.herald.registrant.accounts.AccountLimits;
import dev.herald.registrant.accounts.LineResult;
import dev.herald.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API of registrant accounts, under {@value #PATH}; an account is named by its AOR,
 * URL-encoded:
 * <ul>
 *   <li>{@code GET /api/registrants}: every account with its status ({@link RegistrantView}), never a password</li>
 *   <li>{@code POST /api/registrants} with a text body: loads a file of uac_registrant lines; answers
 *       {@link LoadAnswer}, the lines loaded and the lines rejected with their numbers and reasons</li>
 *   <li>{@code GET /api/registrants/{aor}}: one account; 404 if unknown</li>
 *   <li>{@code PUT /api/registrants/{aor}}: adds or replaces an account ({@link AccountInput} as JSON)</li>
 *   <li>{@code DELETE /api/registrants/{aor}}: deletes it (a tombstone); 404 if unknown</li>
 *   <li>{@code POST /api/registrants/{aor}/enable}, {@code /disable}: writes the account again with
 *       {@code enabled} true or false; 404 if unknown</li>
 *   <li>{@code POST /api/registrants/{aor}/register}: a force-register command for the account's worker;
 *       404 if unknown, 409 if disabled; 202</li>
 * </ul>
 * Accounts and statuses are read from caches of their compacted topics. A change is answered once
 * the broker acknowledged it (503 if it did not) and, for account changes, once the accounts cache
 * shows it, so the next call through this API sees it.
 */
public final class RegistrantsApi implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(RegistrantsApi.class);

  public static final String PATH = "/api/registrants";
  static final int MAX_BODY_BYTES = 64 << 20;
  private static final long SEND_TIMEOUT_MS = 10_000;
  private static final Duration CATCH_UP = Duration.ofSeconds(5);

  /** The answer of a load: how many accounts were written, the lines left out and the notes on the others. */
  public record LoadAnswer(int loaded, List<LineMessage> rejected, List<LineMessage> notes) {}

  /** A line number and what is said of that line. */
  public record LineMessage(int line, String message) {}

  /** What a force-register or an error answers; absent fields are left out. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Answer(String aor, String command, String error) {}

  /** The optional body of enable, disable and register: who asks. */
  public record CommandBody(String operator) {}

  private final TopicCache<String, RegistrantAccount> accounts;
  private final TopicCache<String, RegistrantStatus> statuses;
  private final Producer<String, RegistrantAccount> accountWriter;
  private final Producer<String, RegistrantCommand> commandWriter;
  private final AccountLimits limits;
  private final Clock clock;

  public RegistrantsApi(TopicCache<String, RegistrantAccount> accounts, TopicCache<String, RegistrantStatus> statuses,
      Producer<String, RegistrantAccount> accountWriter, Producer<String, RegistrantCommand> commandWriter,
      AccountLimits limits, Clock clock) {
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.statuses = Objects.requireNonNull(statuses, "statuses");
    this.accountWriter = Objects.requireNonNull(accountWriter, "accountWriter");
    this.commandWriter = Objects.requireNonNull(commandWriter, "commandWriter");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    HttpReply.serve(exchange, "registrants API", this::route);
  }

  private HttpReply route(HttpExchange exchange)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    String raw = exchange.getRequestURI().getRawPath();
    String rest = raw.length() > PATH.length() ? raw.substring(PATH.length()) : "";
    String method = exchange.getRequestMethod();
    if (rest.isEmpty() || rest.equals("/")) {
      return switch (method) {
        case "GET" -> json(200, list());
        case "POST" -> load(exchange);
        default -> notAllowed("GET, POST");
      };
    }
    if (!rest.startsWith("/")) {
      return error(404, "use " + PATH + " or " + PATH + "/{aor}");
    }
    String[] parts = rest.substring(1).split("/", -1);
    if (parts.length > 2 || parts[0].isEmpty()) {
      return error(404, "use " + PATH + "/{aor} or " + PATH + "/{aor}/enable|disable|register");
    }
    String aor = decode(parts[0]);
    if (parts.length == 1) {
      return switch (method) {
        case "GET" -> accounts.get(aor).map(account -> json(200, view(account)))
            .orElseGet(() -> unknown(aor));
        case "PUT" -> put(aor, exchange);
        case "DELETE" -> delete(aor);
        default -> notAllowed("GET, PUT, DELETE");
      };
    }
    if (!method.equals("POST")) {
      return notAllowed("POST");
    }
    return switch (parts[1]) {
      case "enable" -> setEnabled(aor, true);
      case "disable" -> setEnabled(aor, false);
      case "register" -> register(aor, exchange);
      default -> error(404, "use " + PATH + "/{aor}/enable, /disable or /register");
    };
  }

  private List<RegistrantView> list() {
    return accounts.snapshot().values().stream().map(this::view)
        .sorted(Comparator.comparing(RegistrantView::aor)).toList();
  }

  private RegistrantView view(RegistrantAccount account) {
    return RegistrantView.of(account, statuses.get(account.getAccountId()).orElse(null));
  }

  private HttpReply load(HttpExchange exchange)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    Optional<String> body = body(exchange);
    if (body.isEmpty()) {
      return error(413, "a file of accounts is at most " + MAX_BODY_BYTES + " bytes");
    }
    List<LineMessage> rejected = new ArrayList<>();
    List<LineMessage> notes = new ArrayList<>();
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (LineResult result : AccountFile.parse(body.get(), limits)) {
      if (result instanceof LineResult.Rejected bad) {
        rejected.add(new LineMessage(bad.lineNumber(), bad.reason()));
      } else if (result instanceof LineResult.Parsed good) {
        good.notes().forEach(note -> notes.add(new LineMessage(good.lineNumber(), note)));
        RegistrantAccount account = good.account();
        sent.add(accountWriter.send(new ProducerRecord<>(Topics.REGISTRANT_ACCOUNTS.name(),
            account.getAccountId(), account)));
      }
    }
    accountWriter.flush();
    List<RecordMetadata> written = new ArrayList<>();
    for (Future<RecordMetadata> future : sent) {
      written.add(future.get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }
    awaitCache(written);
    log.info("loaded {} registrant accounts, {} lines rejected", sent.size(), rejected.size());
    return json(200, new LoadAnswer(sent.size(), rejected, notes));
  }

  private HttpReply put(String aor, HttpExchange exchange)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    Optional<String> body = body(exchange);
    if (body.isEmpty()) {
      return error(413, "an account is at most " + MAX_BODY_BYTES + " bytes");
    }
    AccountInput input;
    try {
      input = Json.read(body.get(), AccountInput.class);
    } catch (UncheckedIOException e) {
      return error(400, e.getMessage());
    }
    if (input.aor() != null && !input.aor().equals(aor)) {
      return error(400, "the account's aor " + input.aor() + " differs from the path's " + aor);
    }
    AccountInput named = new AccountInput(input.registrar(), input.proxy(), aor, input.thirdPartyRegistrant(),
        input.username(), input.password(), input.bindingUri(), input.bindingParams(), input.expiry(),
        input.forcedSocket(), input.enabled());
    AccountCheck check = named.validate(limits);
    if (check instanceof AccountCheck.Invalid invalid) {
      return error(400, invalid.reason());
    }
    RegistrantAccount account = ((AccountCheck.Valid) check).account();
    write(aor, account);
    return json(200, view(account));
  }

  private HttpReply delete(String aor) throws InterruptedException, ExecutionException, TimeoutException {
    if (accounts.get(aor).isEmpty()) {
      return unknown(aor);
    }
    write(aor, null);
    return HttpReply.empty(204);
  }

  private HttpReply setEnabled(String aor, boolean enabled)
      throws InterruptedException, ExecutionException, TimeoutException {
    Optional<RegistrantAccount> stored = accounts.get(aor);
    if (stored.isEmpty()) {
      return unknown(aor);
    }
    RegistrantAccount account = RegistrantAccount.newBuilder(stored.get()).setEnabled(enabled).build();
    write(aor, account);
    return json(200, view(account));
  }

  private HttpReply register(String aor, HttpExchange exchange)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    Optional<RegistrantAccount> stored = accounts.get(aor);
    if (stored.isEmpty()) {
      return unknown(aor);
    }
    if (!stored.get().getEnabled()) {
      return error(409, "account " + aor + " is disabled; enable it first");
    }
    String operator;
    try {
      operator = body(exchange).filter(text -> !text.isBlank())
          .map(text -> Json.read(text, CommandBody.class).operator()).orElse(null);
    } catch (UncheckedIOException e) {
      return error(400, e.getMessage());
    }
    RegistrantCommand command = RegistrantCommand.newBuilder().setAccountId(aor).setCommand("register")
        .setRequestedAtMs(clock.millis()).setOperator(operator).build();
    commandWriter.send(new ProducerRecord<>(Topics.REGISTRANT_COMMANDS.name(), aor, command))
        .get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    return json(202, new Answer(aor, "register", null));
  }

  /** Writes {@code account} (null: a tombstone), waits for the broker, then for the cache to show it. */
  private void write(String aor, RegistrantAccount account)
      throws InterruptedException, ExecutionException, TimeoutException {
    RecordMetadata written = accountWriter.send(new ProducerRecord<>(Topics.REGISTRANT_ACCOUNTS.name(), aor, account))
        .get(SEND_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    awaitCache(List.of(written));
  }

  /** Waits, {@link #CATCH_UP} at most in all, until the accounts cache has read every record {@code written}. */
  private void awaitCache(List<RecordMetadata> written) throws InterruptedException {
    Map<Integer, Long> last = new HashMap<>();
    written.forEach(record -> last.merge(record.partition(), record.offset(), Math::max));
    long deadline = System.nanoTime() + CATCH_UP.toNanos();
    for (Map.Entry<Integer, Long> partition : last.entrySet()) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      if (!accounts.awaitRead(partition.getKey(), partition.getValue(), left)) {
        log.warn("the accounts cache has not read offset {} of partition {} within {}", partition.getValue(),
            partition.getKey(), CATCH_UP);
        return;
      }
    }
  }

  /** A path segment: percent-decoded, a '+' kept as it is (SIP users such as +4930…). */
  private static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The request body, or empty if it is larger than {@link #MAX_BODY_BYTES}. */
  private static Optional<String> body(HttpExchange exchange) throws IOException {
    return HttpReply.body(exchange, MAX_BODY_BYTES).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
  }

  private static HttpReply unknown(String aor) {
    return error(404, "no registrant account " + aor);
  }

  private static HttpReply json(int status, Object value) {
    return HttpReply.json(status, value);
  }

  private static HttpReply error(int status, String reason) {
    return json(status, new Answer(null, null, reason));
  }

  private static HttpReply notAllowed(String allow) {
    return error(405, "method not allowed; use " + allow).withAllow(allow);
  }
}
