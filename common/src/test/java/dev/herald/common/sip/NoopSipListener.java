package dev.herald.common.sip;

import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;

final class NoopSipListener implements SipListener {

  @Override
  public void processRequest(RequestEvent requestEvent) {
  }

  @Override
  public void processResponse(ResponseEvent responseEvent) {
  }

  @Override
  public void processTimeout(TimeoutEvent timeoutEvent) {
  }

  @Override
  public void processIOException(IOExceptionEvent exceptionEvent) {
  }

  @Override
  public void processTransactionTerminated(TransactionTerminatedEvent transactionTerminatedEvent) {
  }

  @Override
  public void processDialogTerminated(DialogTerminatedEvent dialogTerminatedEvent) {
  }
}
