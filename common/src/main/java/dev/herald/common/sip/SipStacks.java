package dev.herald.common.sip;

import gov.nist.javax.sip.EventScanner;
import gov.nist.javax.sip.EventWrapper;
import gov.nist.javax.sip.SipProviderImpl;
import gov.nist.javax.sip.SipStackImpl;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.PeerUnavailableException;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and tears down JAIN-SIP (NIST RI) stacks configured the Herald way: logging through SLF4J, a
 * bounded message size, no automatic dialogs and a re-entrant listener.
 *
 * <p>{@link SipFactory} is a JVM-wide singleton that caches stacks by {@code javax.sip.STACK_NAME} and
 * never forgets them: asking again for a name returns the old stack, even a stopped one, and ignores the
 * new properties. {@link #create} therefore refuses a name that belongs to a stack still in use, and
 * replaces a cached stack that was {@linkplain #shutdown shut down} with a fresh one.
 *
 * <p>JAIN-SIP quirks to know: listening points need a concrete port (it rejects 0), message sizes below
 * 4096 are raised to 4096, and JVM system properties override stack properties of the same name.
 */
public final class SipStacks {

  private static final Logger log = LoggerFactory.getLogger(SipStacks.class);

  static final String PATH_NAME = "gov.nist";
  static final String STACK_NAME = "javax.sip.STACK_NAME";
  static final String STACK_LOGGER = "gov.nist.javax.sip.STACK_LOGGER";
  static final String SERVER_LOGGER = "gov.nist.javax.sip.SERVER_LOGGER";
  static final String MAX_MESSAGE_SIZE = "gov.nist.javax.sip.MAX_MESSAGE_SIZE";
  static final String AUTOMATIC_DIALOG_SUPPORT = "javax.sip.AUTOMATIC_DIALOG_SUPPORT";
  static final String THREAD_POOL_SIZE = "gov.nist.javax.sip.THREAD_POOL_SIZE";
  static final String REENTRANT_LISTENER = "gov.nist.javax.sip.REENTRANT_LISTENER";
  static final String TRACE_LEVEL = "gov.nist.javax.sip.TRACE_LEVEL";
  static final String LOG_MESSAGE_CONTENT = Slf4jServerLogger.LOG_MESSAGE_CONTENT;
  static final String CACHE_CLIENT_CONNECTIONS = "gov.nist.javax.sip.CACHE_CLIENT_CONNECTIONS";

  /** Herald-private properties stored alongside the stack's configuration. */
  static final String INSTANCE_ID = "dev.herald.sip.INSTANCE_ID";
  static final String SHUT_DOWN = "dev.herald.sip.SHUT_DOWN";

  private static final Map<String, SipStack> LIVE = new ConcurrentHashMap<>();

  private SipStacks() {
  }

  /**
   * Creates a new, not yet listening stack. Release it with {@link #shutdown}, not {@code SipStack.stop()},
   * so that its name can be reused.
   *
   * @throws PeerUnavailableException if JAIN-SIP rejects the configuration
   * @throws IllegalStateException if a stack with the same name is still in use in this JVM
   */
  public static SipStack create(SipStackOptions opts) throws PeerUnavailableException {
    Properties props = properties(opts);
    String instanceId = UUID.randomUUID().toString();
    props.setProperty(INSTANCE_ID, instanceId);
    String name = props.getProperty(STACK_NAME);

    SipFactory factory = SipFactory.getInstance();
    synchronized (factory) {
      if (LIVE.containsKey(name)) {
        throw nameInUse(name);
      }
      factory.setPathName(PATH_NAME);
      SipStack stack = factory.createSipStack(props);
      if (!instanceId.equals(property(stack, INSTANCE_ID))) {
        if (!Boolean.parseBoolean(property(stack, SHUT_DOWN))) {
          throw nameInUse(name);
        }
        log.debug("SipFactory returned the shut-down stack '{}' from its cache; resetting the factory", name);
        factory.resetFactory();
        factory.setPathName(PATH_NAME);
        stack = factory.createSipStack(props);
      }
      LIVE.put(name, stack);
      log.debug("Created SIP stack '{}'", name);
      return stack;
    }
  }

  /**
   * Detaches every provider's listener, deletes every listening point and stops the stack, which drops
   * its providers. Takes about a second (JAIN-SIP sleeps 1 s while stopping). Never throws: failures
   * are logged. Null and already shut-down stacks are ignored.
   */
  public static void shutdown(SipStack stack) {
    if (stack == null || Boolean.parseBoolean(property(stack, SHUT_DOWN))) {
      return;
    }
    String name = stack.getStackName();
    List<SipProvider> providers = snapshot(stack.getSipProviders(), SipProvider.class);
    for (SipProvider provider : providers) {
      try {
        if (provider instanceof SipProviderImpl impl && impl.getSipListener() != null) {
          provider.removeSipListener(impl.getSipListener());
        }
      } catch (RuntimeException e) {
        log.warn("SIP stack '{}': cannot remove the listener of {}", name, provider, e);
      }
    }
    for (ListeningPoint point : snapshot(stack.getListeningPoints(), ListeningPoint.class)) {
      try {
        stack.deleteListeningPoint(point);
      } catch (NullPointerException e) {
        log.debug("SIP stack '{}': listening point {}:{}/{} stopped before its receive thread ran",
            name, point.getIPAddress(), point.getPort(), point.getTransport(), e);
      } catch (Exception e) {
        log.warn("SIP stack '{}': cannot delete listening point {}:{}/{}", name,
            point.getIPAddress(), point.getPort(), point.getTransport(), e);
      }
    }
    EventScanner scanner = stack instanceof SipStackImpl impl ? impl.getEventScanner() : null;
    try {
      stack.stop();
    } catch (RuntimeException e) {
      log.warn("SIP stack '{}': stop failed", name, e);
    }
    wake(stack, scanner);
    if (stack instanceof SipStackImpl impl) {
      impl.getConfigurationProperties().setProperty(SHUT_DOWN, "true");
    }
    LIVE.remove(name, stack);
    log.debug("Shut down SIP stack '{}' ({} provider(s) dropped)", name, providers.size());
  }

  /**
   * {@code SipStack.stop()} flags the stack's event scanner as stopped but leaves its non-daemon thread
   * blocked on an empty queue. A no-op event (an I/O error with no listener to receive it) lets it exit.
   */
  private static void wake(SipStack stack, EventScanner scanner) {
    if (scanner == null || !(stack instanceof SipStackImpl impl) || impl.getSipListener() != null) {
      return;
    }
    try {
      scanner.addEvent(new EventWrapper(new IOExceptionEvent(stack, "0.0.0.0", 0, ListeningPoint.UDP), null));
    } catch (RuntimeException e) {
      log.debug("SIP stack '{}': cannot wake the event scanner thread", stack.getStackName(), e);
    }
  }

  private static IllegalStateException nameInUse(String name) {
    return new IllegalStateException("a SIP stack named '" + name + "' already exists in this JVM"
        + " (SipFactory caches stacks by name); use another name or SipStacks.shutdown it first");
  }

  /** The JAIN-SIP properties for {@code opts}: Herald defaults overridden by the extra properties. */
  static Properties properties(SipStackOptions opts) {
    Properties props = new Properties();
    props.setProperty(STACK_NAME, opts.name());
    props.setProperty(STACK_LOGGER, Slf4jStackLogger.class.getName());
    props.setProperty(SERVER_LOGGER, Slf4jServerLogger.class.getName());
    props.setProperty(MAX_MESSAGE_SIZE, Integer.toString(opts.maxMessageSize()));
    props.setProperty(AUTOMATIC_DIALOG_SUPPORT, "off");
    props.setProperty(THREAD_POOL_SIZE, Integer.toString(opts.threadPoolSize()));
    props.setProperty(REENTRANT_LISTENER, "true");
    props.setProperty(TRACE_LEVEL, "0");
    props.setProperty(LOG_MESSAGE_CONTENT, "false");
    props.setProperty(CACHE_CLIENT_CONNECTIONS, "true");
    props.putAll(opts.extraProperties());
    return props;
  }

  private static String property(SipStack stack, String key) {
    return stack instanceof SipStackImpl impl ? impl.getConfigurationProperties().getProperty(key) : null;
  }

  private static <T> List<T> snapshot(Iterator<?> iterator, Class<T> type) {
    List<T> items = new ArrayList<>();
    while (iterator != null && iterator.hasNext()) {
      items.add(type.cast(iterator.next()));
    }
    return items;
  }
}
