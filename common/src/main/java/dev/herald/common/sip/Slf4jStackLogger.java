package dev.herald.common.sip;

import gov.nist.core.StackLogger;
import java.io.IOException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * JAIN-SIP stack logger writing to the SLF4J logger {@value #LOGGER_NAME}; levels are controlled by the
 * SLF4J backend, not by {@code gov.nist.javax.sip.TRACE_LEVEL}.
 *
 * <p>JAIN-SIP keeps one stack logger per JVM (the static {@code gov.nist.core.CommonLogger.legacyLogger},
 * replaced by every new stack) and routes all its classes' logging through it, so the originating class
 * name is not available here.
 */
public final class Slf4jStackLogger implements StackLogger {

  /** SLF4J logger name used for the stack's own diagnostics. */
  public static final String LOGGER_NAME = "gov.nist.javax.sip";

  private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

  private volatile boolean enabled = true;

  /** Instantiated reflectively by JAIN-SIP from {@code gov.nist.javax.sip.STACK_LOGGER}. */
  public Slf4jStackLogger() {
  }

  @Override
  public void logStackTrace() {
    logStackTrace(TRACE_DEBUG);
  }

  @Override
  public void logStackTrace(int traceLevel) {
    Level level = toSlf4j(traceLevel);
    if (isEnabled(level)) {
      log.atLevel(level).setCause(new Throwable("stack trace")).log("JAIN-SIP stack trace");
    }
  }

  @Override
  public int getLineCount() {
    return 0;
  }

  @Override
  public void logException(Throwable ex) {
    if (enabled) {
      log.error(String.valueOf(ex.getMessage()), ex);
    }
  }

  @Override
  public void logDebug(String message) {
    if (enabled) {
      log.debug(message);
    }
  }

  @Override
  public void logDebug(String message, Exception ex) {
    if (enabled) {
      log.debug(message, ex);
    }
  }

  @Override
  public void logTrace(String message) {
    if (enabled) {
      log.trace(message);
    }
  }

  @Override
  public void logFatalError(String message) {
    if (enabled) {
      log.error(message);
    }
  }

  @Override
  public void logError(String message) {
    if (enabled) {
      log.error(message);
    }
  }

  @Override
  public void logError(String message, Exception ex) {
    if (!enabled) {
      return;
    }
    if (peerFailure(message, ex)) {
      // A client that never finished its TLS handshake (a scan, a flood, a timeout): the peer's
      // failure, not the server's; a flood of them would otherwise fill the log at ERROR.
      log.debug("{}: {}", message, ex.toString());
    } else {
      log.error(message, ex);
    }
  }

  /** JAIN-SIP's report of a connection that failed while it was being accepted (its TLS handshake). */
  static boolean peerFailure(String message, Exception ex) {
    return message != null && message.startsWith("A problem occured while Accepting connection")
        && ex instanceof IOException;
  }

  @Override
  public void logWarning(String message) {
    if (enabled) {
      log.warn(message);
    }
  }

  @Override
  public void logInfo(String message) {
    if (enabled) {
      log.info(message);
    }
  }

  /** True if anything at all would be logged; JAIN-SIP uses it mostly to guard error logging. */
  @Override
  public boolean isLoggingEnabled() {
    return enabled && log.isErrorEnabled();
  }

  /**
   * Maps a JAIN-SIP trace level to the SLF4J level check. Level 16 is both {@code TRACE_INFO} and
   * {@code TRACE_MESSAGES}, the gate for message logging, so it is also true when
   * {@link Slf4jServerLogger#LOGGER_NAME} is at TRACE.
   */
  @Override
  public boolean isLoggingEnabled(int traceLevel) {
    if (!enabled) {
      return false;
    }
    if (traceLevel == TRACE_MESSAGES && Slf4jServerLogger.messagesEnabled()) {
      return true;
    }
    return isEnabled(toSlf4j(traceLevel));
  }

  @Override
  public void disableLogging() {
    enabled = false;
  }

  @Override
  public void enableLogging() {
    enabled = true;
  }

  @Override
  public void setBuildTimeStamp(String buildTimeStamp) {
    log.debug("JAIN-SIP build {}", buildTimeStamp);
  }

  /** Ignored: levels come from the SLF4J configuration, not from stack properties. */
  @Override
  public void setStackProperties(Properties stackProperties) {
  }

  @Override
  public String getLoggerName() {
    return LOGGER_NAME;
  }

  static Level toSlf4j(int traceLevel) {
    if (traceLevel >= TRACE_TRACE) {
      return Level.TRACE;
    }
    if (traceLevel >= TRACE_DEBUG) {
      return Level.DEBUG;
    }
    if (traceLevel >= TRACE_INFO) {
      return Level.INFO;
    }
    if (traceLevel >= TRACE_WARN) {
      return Level.WARN;
    }
    return Level.ERROR;
  }

  private static boolean isEnabled(Level level) {
    return log.isEnabledForLevel(level);
  }
}
