package dev.herald.common.sip;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP message trace writing every sent and received SIP message at TRACE to the SLF4J logger
 * {@value #LOGGER_NAME}. Bodies are included only when {@code gov.nist.javax.sip.LOG_MESSAGE_CONTENT}
 * is {@code true}; otherwise the start line and headers are logged.
 */
public final class Slf4jServerLogger implements ServerLogger {

  /** SLF4J logger name used for SIP message traces. */
  public static final String LOGGER_NAME = "gov.nist.javax.sip.messages";

  static final String LOG_MESSAGE_CONTENT = "gov.nist.javax.sip.LOG_MESSAGE_CONTENT";

  private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

  private volatile String stackName = "sip";
  private volatile boolean logContent;

  /** Instantiated reflectively by JAIN-SIP from {@code gov.nist.javax.sip.SERVER_LOGGER}. */
  public Slf4jServerLogger() {
  }

  static boolean messagesEnabled() {
    return log.isTraceEnabled();
  }

  /** Nothing to close: output belongs to the SLF4J backend. */
  @Override
  public void closeLogFile() {
  }

  @Override
  public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
    logMessage(message, from, to, null, sender, time);
  }

  @Override
  public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
    logMessage(message, from, to, status, sender, System.currentTimeMillis());
  }

  @Override
  public void logMessage(SIPMessage message, String from, String to, String status, boolean sender,
      long time) {
    if (!log.isTraceEnabled() || message == null) {
      return;
    }
    String text = logContent ? message.encode() : message.encodeMessage(new StringBuilder()).toString();
    log.trace("[{}] {} {} -> {}{} at {}\n{}", stackName, sender ? "sent" : "received", from, to,
        status == null ? "" : " (" + status + ")", time, text);
  }

  @Override
  public void logException(Exception ex) {
    log.error("[{}] {}", stackName, String.valueOf(ex.getMessage()), ex);
  }

  @Override
  public void setStackProperties(Properties stackProperties) {
    logContent = Boolean.parseBoolean(stackProperties.getProperty(LOG_MESSAGE_CONTENT, "false"));
  }

  @Override
  public void setSipStack(SipStack sipStack) {
    stackName = sipStack.getStackName();
  }
}
