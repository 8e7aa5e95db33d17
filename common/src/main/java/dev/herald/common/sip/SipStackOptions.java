package dev.herald.common.sip;

import java.util.Map;
import java.util.Objects;

/**
 * Settings for {@link SipStacks#create}.
 *
 * @param name            stack name, unique among live stacks in the JVM ({@code javax.sip.STACK_NAME})
 * @param maxMessageSize  largest SIP message accepted, in bytes (1024..65535); also the UDP receive buffer
 *                        size. JAIN-SIP raises values below 4096 to 4096.
 * @param threadPoolSize  message-processing threads (1..256)
 * @param extraProperties further JAIN-SIP properties; they override the ones {@link SipStacks} sets
 */
public record SipStackOptions(String name, int maxMessageSize, int threadPoolSize,
    Map<String, String> extraProperties) {

  static final int MIN_MESSAGE_SIZE = 1024;
  static final int MAX_MESSAGE_SIZE = 65535;
  static final int MAX_THREAD_POOL_SIZE = 256;

  public SipStackOptions {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("SIP stack name must not be blank");
    }
    if (maxMessageSize < MIN_MESSAGE_SIZE || maxMessageSize > MAX_MESSAGE_SIZE) {
      throw new IllegalArgumentException("maxMessageSize must be " + MIN_MESSAGE_SIZE + ".."
          + MAX_MESSAGE_SIZE + ", was " + maxMessageSize);
    }
    if (threadPoolSize < 1 || threadPoolSize > MAX_THREAD_POOL_SIZE) {
      throw new IllegalArgumentException("threadPoolSize must be 1.." + MAX_THREAD_POOL_SIZE
          + ", was " + threadPoolSize);
    }
    extraProperties = extraProperties == null ? Map.of() : Map.copyOf(extraProperties);
  }

  /** Options named {@code name} with an 8 KiB message limit, 4 threads and no extra properties. */
  public static SipStackOptions defaults(String name) {
    return new SipStackOptions(name, 8192, 4, Map.of());
  }

  /** These options with other extra stack properties. */
  public SipStackOptions withExtraProperties(Map<String, String> properties) {
    return new SipStackOptions(name, maxMessageSize, threadPoolSize, properties);
  }
}
