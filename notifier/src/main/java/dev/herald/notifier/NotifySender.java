package dev.herald.notifier;

import dev.herald.avro.NotifyCommand;
import dev.herald.avro.NotifyOutcome;
import dev.herald.common.sip.DialoglessListener;
import dev.herald.common.sip.FlowRouter;
import gov.nist.javax.sip.Utils;
import java.util.Locale;
import java.util.function.BiConsumer;
import javax.sip.ClientTransaction;
import javax.sip.IOExceptionEvent;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends NOTIFY commands in client transactions (JAIN-SIP retransmits them over UDP per RFC 3261
 * §17.1.2) and reports each one's final outcome. Usable by any role that owns a SIP provider:
 * the notifier, or an edge that holds the subscriber's connection. The owner of the provider
 * passes its response, timeout and I/O events here.
 */
public final class NotifySender implements DialoglessListener {

  private static final Logger log = LoggerFactory.getLogger(NotifySender.class);

  private final SipProvider provider;
  private final NotifyRequests requests;
  private final BiConsumer<NotifyCommand, NotifyOutcome> outcomes;

  public NotifySender(SipProvider provider, NotifyRequests requests, BiConsumer<NotifyCommand, NotifyOutcome> outcomes) {
    this.provider = provider;
    this.requests = requests;
    this.outcomes = outcomes;
  }

  /** Sends the NOTIFY; a command that cannot even be built or sent is reported at once. */
  public void send(NotifyCommand command) {
    String unsent = trySend(command);
    if (unsent != null) {
      log.warn("cannot send NOTIFY for {} cseq {}: {}", command.getSubscriptionId(), command.getCseq(), unsent);
      undeliverable(command, "not sent: " + unsent);
    }
  }

  /**
   * Sends the NOTIFY in a client transaction whose outcome is reported; returns null, or why it
   * could not even be sent (nothing is reported then: the caller may try another way).
   */
  public String trySend(NotifyCommand command) {
    String branch = Utils.getInstance().generateBranchId();
    try {
      ListeningPoint via = listeningPoint(command.getTransport());
      if (via == null) {
        return "no " + command.getTransport() + " listening point";
      }
      Request request = requests.build(command, via, branch);
      if (command.getRouteSet().isEmpty() && command.getDestinationHost() != null && command.getDestinationPort() != null) {
        // RFC 5626 §5.3: reach the subscriber over the flow its request came on.
        FlowRouter.pin(branch, command.getDestinationHost(), command.getDestinationPort(), via.getTransport());
      }
      ClientTransaction transaction = provider.getNewClientTransaction(request);
      transaction.setApplicationData(command);
      transaction.sendRequest();
      return null;
    } catch (Exception e) {
      FlowRouter.unpin(branch);
      return e.toString();
    }
  }

  /**
   * Reports a NOTIFY that could not reach its subscriber (no route, no connection) as a failure,
   * which counts like a timeout towards the failures that end a subscription (RFC 6665 §4.2.2).
   */
  public void undeliverable(NotifyCommand command, String why) {
    report(command, 503, true, why);
  }

  /** The sender's listening point of that transport; none when it has none (never another transport). */
  private ListeningPoint listeningPoint(String transport) {
    return provider.getListeningPoint(transport == null ? ListeningPoint.UDP : transport.toUpperCase(Locale.ROOT));
  }

  @Override
  public void processResponse(ResponseEvent event) {
    ClientTransaction transaction = event.getClientTransaction();
    int status = event.getResponse().getStatusCode();
    if (transaction == null || status < 200) {
      return;
    }
    if (transaction.getApplicationData() instanceof NotifyCommand command) {
      unpin(transaction.getRequest());
      answered(command, status, event.getResponse().getReasonPhrase());
    }
  }

  /** Reports the final answer to a NOTIFY, however it was sent. */
  public void answered(NotifyCommand command, int status, String reason) {
    if (status >= 300) {
      // Else a watcher refusing documents (Linphone: 488 for PIDF it cannot parse) leaves no trace.
      log.info("NOTIFY for {} cseq {} answered {} {}", command.getSubscriptionId(), command.getCseq(), status, reason);
    }
    report(command, status, false, reason);
  }

  @Override
  public void processTimeout(TimeoutEvent event) {
    ClientTransaction transaction = event.getClientTransaction();
    if (transaction != null && transaction.getApplicationData() instanceof NotifyCommand command) {
      unpin(transaction.getRequest());
      timedOut(command);
    }
  }

  /** Reports a NOTIFY that got no final answer: RFC 3261 §17.1.2.2, Timer F fired; treated as a 408. */
  public void timedOut(NotifyCommand command) {
    report(command, 408, true, "no response");
  }

  @Override
  public void processIOException(IOExceptionEvent event) {
    log.debug("NOTIFY transport error towards {}:{} {}", event.getHost(), event.getPort(), event.getTransport());
  }

  private void report(NotifyCommand command, int status, boolean timedOut, String reason) {
    outcomes.accept(command, NotifyOutcome.newBuilder()
        .setSubscriptionId(command.getSubscriptionId())
        .setCseq(command.getCseq())
        .setStatusCode(status)
        .setTimedOut(timedOut)
        .setReason(reason)
        .build());
  }

  private static void unpin(Request request) {
    ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
    if (via != null && via.getBranch() != null) {
      FlowRouter.unpin(via.getBranch());
    }
  }

  @Override
  public void processRequest(RequestEvent event) {
    // Requests arrive at the provider's owner, never here.
  }

}
