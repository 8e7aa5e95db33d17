package dev.herald.common;

import org.slf4j.MDC;

/**
 * The request a thread works on, in the logging MDC while it does: {@value #CALL_ID} (the SIP
 * Call-ID) and {@value #RESOURCE} (the resource key, {@code package|uri}). Every line logged
 * meanwhile carries them (fields of a JSON log line). Opened where the edge and the processor take
 * a request, closed when they are done with it.
 */
public final class LogContext implements AutoCloseable {

  public static final String CALL_ID = "callId";
  public static final String RESOURCE = "resource";

  private LogContext() {}

  /** Puts {@code callId} and {@code resource} (each when not null) into the MDC until {@link #close()}. */
  public static LogContext of(String callId, String resource) {
    LogContext context = new LogContext();
    if (callId != null) {
      MDC.put(CALL_ID, callId);
    }
    context.resource(resource);
    return context;
  }

  /** The resource, once known. */
  public void resource(String resource) {
    if (resource != null) {
      MDC.put(RESOURCE, resource);
    }
  }

  /** Takes both out of the MDC. */
  @Override
  public void close() {
    MDC.remove(CALL_ID);
    MDC.remove(RESOURCE);
  }
}
