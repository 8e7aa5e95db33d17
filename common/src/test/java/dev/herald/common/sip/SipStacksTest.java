package dev.herald.common.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import gov.nist.core.CommonLogger;
import gov.nist.javax.sip.SipStackImpl;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SipStacksTest {

  private static final AtomicInteger NAMES = new AtomicInteger();

  private final List<SipStack> stacks = new ArrayList<>();
  private final List<Runnable> cleanups = new ArrayList<>();

  @AfterEach
  void tearDown() {
    stacks.forEach(SipStacks::shutdown);
    Collections.reverse(cleanups);
    cleanups.forEach(Runnable::run);
  }

  @Test
  void propertiesCarryHeraldDefaultsAndExtraPropertiesWin() {
    SipStackOptions options = new SipStackOptions("edge", 4096, 8, Map.of(
        "gov.nist.javax.sip.REENTRANT_LISTENER", "false",
        "gov.nist.javax.sip.READ_TIMEOUT", "1000"));

    Properties props = SipStacks.properties(options);

    assertThat(props)
        .containsEntry("javax.sip.STACK_NAME", "edge")
        .containsEntry("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName())
        .containsEntry("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName())
        .containsEntry("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "4096")
        .containsEntry("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off")
        .containsEntry("gov.nist.javax.sip.THREAD_POOL_SIZE", "8")
        .containsEntry("gov.nist.javax.sip.TRACE_LEVEL", "0")
        .containsEntry("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false")
        .containsEntry("gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS", "true")
        .containsEntry("gov.nist.javax.sip.REENTRANT_LISTENER", "false")
        .containsEntry("gov.nist.javax.sip.READ_TIMEOUT", "1000");
  }

  @Test
  void noLog4j1JarIsOnTheClasspathOnlyTheSlf4jBridge() throws Exception {
    List<URL> loggerClasses = Collections.list(
        getClass().getClassLoader().getResources("org/apache/log4j/Logger.class"));

    assertThat(loggerClasses).singleElement().asString().contains("log4j-over-slf4j");
    assertThatThrownBy(() -> Class.forName("org.apache.log4j.DailyRollingFileAppender"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  @SuppressWarnings("deprecation")
  void createdStackUsesTheSlf4jLoggers() throws Exception {
    SipStack stack = create(SipStackOptions.defaults(uniqueName()));

    assertThat(stack).isInstanceOf(SipStackImpl.class);
    SipStackImpl impl = (SipStackImpl) stack;
    assertThat(impl.getServerLogger()).isInstanceOf(Slf4jServerLogger.class);
    assertThat(CommonLogger.legacyLogger).isInstanceOf(Slf4jStackLogger.class);
    assertThat(impl.getStackLogger())
        .as("JAIN-SIP hands out a CommonLogger that delegates to the JVM-wide legacyLogger")
        .isInstanceOf(CommonLogger.class)
        .extracting(logger -> logger.getLoggerName())
        .isEqualTo(Slf4jStackLogger.LOGGER_NAME);
    assertThat(stack.getStackName()).startsWith("herald-test-");
  }

  @Test
  void udpListeningPointOnLoopbackYieldsAProvider() throws Exception {
    SipStack stack = create(SipStackOptions.defaults(uniqueName()));

    ListeningPoint point = listenUdp(stack);
    SipProvider provider = stack.createSipProvider(point);

    assertThat(point.getPort()).isPositive();
    assertThat(point.getIPAddress()).isEqualTo("127.0.0.1");
    assertThat(provider.getListeningPoint(ListeningPoint.UDP)).isSameAs(point);
  }

  @Test
  void stackDiagnosticsReachSlf4jWithTheConfiguredMessageSize() throws Exception {
    ListAppender<ILoggingEvent> events = capture(Slf4jStackLogger.LOGGER_NAME, Level.DEBUG);
    SipStack stack = create(new SipStackOptions(uniqueName(), 6000, 2, Map.of()));

    listenUdp(stack);

    assertThat(events.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(message -> assertThat(message).contains("Max Message size is 6000"));
  }

  @Test
  void receivedMessagesAreLoggedAtTraceWithoutBodiesEvenWhenStackLoggingIsQuiet() throws Exception {
    capture(Slf4jStackLogger.LOGGER_NAME, Level.WARN);
    ListAppender<ILoggingEvent> messages = capture(Slf4jServerLogger.LOGGER_NAME, Level.TRACE);
    SipStack stack = create(SipStackOptions.defaults(uniqueName()));
    ListeningPoint point = listenUdp(stack);
    stack.createSipProvider(point);

    try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      byte[] request = options(point.getPort(), client.getLocalPort()).getBytes(StandardCharsets.UTF_8);
      client.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(),
          point.getPort()));

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(List.copyOf(messages.list))
          .anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.TRACE);
            assertThat(event.getFormattedMessage())
                .contains("received")
                .contains("OPTIONS sip:herald@127.0.0.1")
                .contains("Call-ID: log-test@127.0.0.1")
                .doesNotContain("secret-body");
          }));
    }
  }

  @Test
  void stacksWithDifferentNamesCoexist() throws Exception {
    SipStack first = create(SipStackOptions.defaults(uniqueName()));
    SipStack second = create(SipStackOptions.defaults(uniqueName()));

    ListeningPoint firstPoint = listenUdp(first);
    ListeningPoint secondPoint = listenUdp(second);

    assertThat(second).isNotSameAs(first);
    assertThat(first.createSipProvider(firstPoint)).isNotNull();
    assertThat(second.createSipProvider(secondPoint)).isNotNull();
    assertThat(secondPoint.getPort()).isNotEqualTo(firstPoint.getPort());
  }

  @Test
  void aNameStillInUseIsRejectedInsteadOfReturningTheCachedStack() throws Exception {
    String name = uniqueName();
    create(SipStackOptions.defaults(name));

    assertThatThrownBy(() -> SipStacks.create(new SipStackOptions(name, 4096, 2, Map.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(name);
  }

  @Test
  void aNameCanBeReusedAfterShutdown() throws Exception {
    String name = uniqueName();
    SipStack first = SipStacks.create(SipStackOptions.defaults(name));
    listenUdp(first);
    SipStacks.shutdown(first);
    SipStack other = create(SipStackOptions.defaults(uniqueName()));

    SipStack second = create(SipStackOptions.defaults(name));

    assertThat(second).isNotSameAs(first);
    ListeningPoint point = listenUdp(second);
    assertThat(second.createSipProvider(point)).isNotNull();
    assertThatThrownBy(() -> SipStacks.create(SipStackOptions.defaults(other.getStackName())))
        .as("stacks created before the factory reset stay protected")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shutdownRemovesProvidersAndListenersAndFreesThePort() throws Exception {
    SipStack stack = SipStacks.create(SipStackOptions.defaults(uniqueName()));
    ListeningPoint point = listenUdp(stack);
    SipProvider provider = stack.createSipProvider(point);
    provider.addSipListener(new NoopSipListener());
    int port = point.getPort();

    SipStacks.shutdown(stack);

    assertThat(stack.getSipProviders().hasNext()).isFalse();
    assertThat(stack.getListeningPoints().hasNext()).isFalse();
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      try (DatagramSocket rebound = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"))) {
        assertThat(rebound.getLocalPort()).isEqualTo(port);
      }
    });
  }

  @Test
  void shutdownLeavesNoJainSipThreadsBehind() throws Exception {
    long before = jainSipThreads();
    SipStackOptions options = SipStackOptions.defaults(uniqueName());
    SipStack stack = SipStacks.create(options);
    SipProvider provider = stack.createSipProvider(listenUdp(stack));
    provider.addSipListener(new NoopSipListener());
    // Event scanner, UDP receive thread and one channel thread per pool slot; JAIN-SIP leaks the
    // channel threads that do not exist yet when a listening point is stopped.
    long started = 2 + options.threadPoolSize();
    await().atMost(Duration.ofSeconds(5)).until(() -> jainSipThreads() >= before + started);

    SipStacks.shutdown(stack);

    await().atMost(Duration.ofSeconds(5)).until(() -> jainSipThreads() <= before);
  }

  @Test
  void shutdownNeverThrows() throws Exception {
    SipStack stack = SipStacks.create(SipStackOptions.defaults(uniqueName()));
    SipStacks.shutdown(stack);

    assertThatCode(() -> {
      SipStacks.shutdown(stack);
      SipStacks.shutdown(null);
    }).doesNotThrowAnyException();
  }

  private static long jainSipThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.equals("EventScannerThread") || name.startsWith("MessageProcessorThread-")
            || name.contains("UDPMessageChannelThread"))
        .count();
  }

  private SipStack create(SipStackOptions options) throws Exception {
    SipStack stack = SipStacks.create(options);
    stacks.add(stack);
    return stack;
  }

  @Test
  void portZeroIsRejectedByJainSip() throws Exception {
    SipStack stack = create(SipStackOptions.defaults(uniqueName()));

    assertThatThrownBy(() -> stack.createListeningPoint("127.0.0.1", 0, ListeningPoint.UDP))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("bad port");
  }

  /** JAIN-SIP refuses port 0, so bind a currently free UDP port, retrying if another process takes it. */
  private static ListeningPoint listenUdp(SipStack stack) throws Exception {
    Exception last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port;
      try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
        port = probe.getLocalPort();
      }
      try {
        return stack.createListeningPoint("127.0.0.1", port, ListeningPoint.UDP);
      } catch (InvalidArgumentException e) {
        last = e;
      }
    }
    throw last;
  }

  @Test
  void aClientsFailedTlsHandshakeIsLoggedAtDebugNotError() {
    ListAppender<ILoggingEvent> events = capture(Slf4jStackLogger.LOGGER_NAME, Level.DEBUG);
    Slf4jStackLogger logger = new Slf4jStackLogger();

    logger.logError("A problem occured while Accepting connection",
        new javax.net.ssl.SSLHandshakeException("Remote host terminated the handshake"));
    logger.logError("Something else broke", new java.io.IOException("disk"));

    assertThat(events.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.DEBUG, Level.ERROR);
  }

  private ListAppender<ILoggingEvent> capture(String loggerName, Level level) {
    Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
    Level previous = logger.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(level);
    cleanups.add(() -> {
      logger.detachAppender(appender);
      logger.setLevel(previous);
    });
    return appender;
  }

  private static String uniqueName() {
    return "herald-test-" + NAMES.incrementAndGet();
  }

  private static String options(int serverPort, int clientPort) {
    String body = "secret-body";
    return "OPTIONS sip:herald@127.0.0.1:" + serverPort + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + clientPort + ";branch=z9hG4bK-log-test;rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:tester@127.0.0.1>;tag=t1\r\n"
        + "To: <sip:herald@127.0.0.1>\r\n"
        + "Call-ID: log-test@127.0.0.1\r\n"
        + "CSeq: 1 OPTIONS\r\n"
        + "Content-Type: text/plain\r\n"
        + "Content-Length: " + body.length() + "\r\n"
        + "\r\n"
        + body;
  }
}
