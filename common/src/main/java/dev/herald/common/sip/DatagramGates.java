package dev.herald.common.sip;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link DatagramGate} of each SIP stack that has one, by stack name. JAIN-SIP makes a stack's
 * network layer by reflection from string properties, so the layer finds the gate here when it opens
 * the stack's UDP listening sockets; register it before creating the listening points.
 */
public final class DatagramGates {

  private static final Map<String, DatagramGate> GATES = new ConcurrentHashMap<>();

  private DatagramGates() {}

  /** Gates the UDP listening sockets opened from now on by the stack named {@code stackName}. */
  public static void register(String stackName, DatagramGate gate) {
    GATES.put(Objects.requireNonNull(stackName, "stackName"), Objects.requireNonNull(gate, "gate"));
  }

  public static void unregister(String stackName) {
    GATES.remove(stackName);
  }

  /** The stack named {@code stackName} took a datagram from its UDP queue, to parse it. */
  public static void taken(String stackName) {
    DatagramGate gate = stackName == null ? null : GATES.get(stackName);
    if (gate != null) {
      gate.taken();
    }
  }

  static Optional<DatagramGate> of(String stackName) {
    return stackName == null ? Optional.empty() : Optional.ofNullable(GATES.get(stackName));
  }
}
