package dev.herald.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xmpp.packet.JID;

class AddressesTest {

  private final Addresses addresses = new Addresses(
      new XmppGatewayConfig.Domains(Set.of("xmpp.example.com"), "example.com"), "sip.xmpp.example.com");

  @Test
  void anXmppUserOfAGatewayedDomainIsASipPresenceResource() {
    assertThat(addresses.contactResource(new JID("Bob", "XMPP.example.com", "laptop")))
        .contains("presence|sip:bob@xmpp.example.com");
    assertThat(addresses.contactResource(new JID("bob", "other.example.com", null))).isEmpty();
    assertThat(addresses.contactResource(new JID(null, "xmpp.example.com", null))).isEmpty();
  }

  @Test
  void aWatchedResourceNamesItsXmppContact() {
    assertThat(addresses.contactOf("presence|sip:bob@xmpp.example.com")).contains(new JID("bob", "xmpp.example.com",
        null));
    assertThat(addresses.contactOf("dialog|sip:bob@xmpp.example.com")).isEmpty();
    assertThat(addresses.contactOf("presence|sip:bob@example.com")).isEmpty();
    assertThat(addresses.contactOf("presence|tel:+4412345")).isEmpty();
  }

  @Test
  void aJidOfTheComponentIsAUserOfTheSipDomainAndBack() {
    assertThat(addresses.sipUserOf(new JID("alice", "sip.xmpp.example.com", "x"))).contains("sip:alice@example.com");
    assertThat(addresses.sipUserOf(new JID(null, "sip.xmpp.example.com", null))).isEmpty();
    assertThat(addresses.sipUserOf(new JID("alice", "xmpp.example.com", null))).isEmpty();
    assertThat(addresses.jidOfSipUser("sip:alice@example.com")).contains(new JID("alice", "sip.xmpp.example.com", null));
    assertThat(addresses.jidOfSipUser("sip:alice@elsewhere.com")).isEmpty();
    assertThat(addresses.sipUserOfResource("presence|sip:alice@example.com")).contains("sip:alice@example.com");
    assertThat(addresses.sipUserOfResource("dialog|sip:alice@example.com")).isEmpty();
  }

  @Test
  void aSipUserPartThatIsNoJidNodeHasNoXmppCounterpart() {
    assertThat(addresses.jidOfSipUser("sip:al ice@example.com")).isEmpty();
    assertThat(addresses.jidOfSipUser("sip:a/b@example.com")).isEmpty();
  }

  @Test
  void anXmppWatcherIsNamedToTheRulesBySipAndItsBareJid() {
    assertThat(Addresses.watcherIdentity(new JID("carol", "xmpp.example.com", "phone")))
        .isEqualTo("sip:carol@xmpp.example.com");
  }
}
