package dev.herald.registrant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.avro.RegistrantAccount;
import dev.herald.avro.RegistrantStatus;
import dev.herald.registrant.AccountCycle.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusWriterTest {

  private static final RegistrantConfig CONFIG = RegistrantConfig.defaults("w1", "g");
  private static final String ID = "sip:alice@example.com";

  private static RegistrantAccount.Builder account() {
    return RegistrantAccount.newBuilder()
        .setAccountId(ID)
        .setRegistrar("sip:registrar.example.com")
        .setAor(ID)
        .setUsername("alice")
        .setPassword("secret")
        .setBindingUri("sip:alice@192.0.2.1:5060")
        .setExpiry(3600);
  }

  /** Alice registered at {@code 1_000}, granted 600 s by the Contact's expires. */
  private static OwnedAccount registered() {
    AccountCycle cycle = AccountCycle.fresh(CONFIG, "call-1@test");
    cycle.register(3600);
    cycle.onResponse(new Reply(200, "OK", List.of(), null, 600, null, null), true, 1_000);
    return new OwnedAccount(ID, account().build(), 2, cycle);
  }

  @Test
  void registeredAccountIsWrittenWithUacRegistrantsStateItsGrantCallIdAndCseq() {
    RegistrantStatus status = StatusWriter.of(registered(), "w1", 5_000);

    assertThat(status).isEqualTo(RegistrantStatus.newBuilder()
        .setAccountId(ID)
        .setAor(ID)
        .setRegistrar("sip:registrar.example.com")
        .setState(3)
        .setStateName("REGISTERED")
        .setGrantedExpires(600)
        .setLastResponse("200 OK")
        .setNextAttemptMs(1_000 + 540_000L)
        .setWorker("w1")
        .setUpdatedAtMs(5_000)
        .setCallId("call-1@test")
        .setCseq(1L)
        .setEnabled(true)
        .build());
  }

  @Test
  void grantIsLeftOutWhileTheAccountIsNotRegistered() {
    OwnedAccount refreshing = registered();
    refreshing.cycle.register(3600);

    RegistrantStatus status = StatusWriter.of(refreshing, "w1", 5_000);

    assertThat(refreshing.cycle.grantedExpires()).isEqualTo(600);
    assertThat(status.getState()).isEqualTo(RegistrantState.REGISTERING.code());
    assertThat(status.getStateName()).isEqualTo("REGISTERING");
    assertThat(status.getGrantedExpires()).isNull();
    assertThat(status.getNextAttemptMs()).isNull();
    assertThat(status.getCseq()).isEqualTo(2);
  }

  @Test
  void retiringAccountIsWrittenWithItsOldRegistrarButTheEnabledFlagOfTheNewSettings() {
    OwnedAccount moving = registered();
    moving.retiring = moving.account;
    moving.account = account().setRegistrar("sip:other.example.com").setEnabled(false).build();

    RegistrantStatus status = StatusWriter.of(moving, "w1", 5_000);

    assertThat(status.getRegistrar()).isEqualTo("sip:registrar.example.com");
    assertThat(status.getEnabled()).isFalse();
  }
}
