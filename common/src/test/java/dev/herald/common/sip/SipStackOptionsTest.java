package dev.herald.common.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SipStackOptionsTest {

  @Test
  void defaultsUseAn8KibMessageLimitAndFourThreads() {
    SipStackOptions options = SipStackOptions.defaults("edge");

    assertThat(options.name()).isEqualTo("edge");
    assertThat(options.maxMessageSize()).isEqualTo(8192);
    assertThat(options.threadPoolSize()).isEqualTo(4);
    assertThat(options.extraProperties()).isEmpty();
  }

  @Test
  void nameIsRequired() {
    assertThatThrownBy(() -> new SipStackOptions(null, 8192, 4, Map.of()))
        .isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n"})
  void blankNamesAreRejected(String name) {
    assertThatThrownBy(() -> new SipStackOptions(name, 8192, 4, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, 0, 1023, 65536, Integer.MAX_VALUE})
  void maxMessageSizeOutside1024To65535IsRejected(int size) {
    assertThatThrownBy(() -> new SipStackOptions("edge", size, 4, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxMessageSize")
        .hasMessageContaining(Integer.toString(size));
  }

  @ParameterizedTest
  @ValueSource(ints = {1024, 8192, 65535})
  void maxMessageSizeWithin1024To65535IsAccepted(int size) {
    assertThat(new SipStackOptions("edge", size, 4, Map.of()).maxMessageSize()).isEqualTo(size);
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 257})
  void threadPoolSizeOutside1To256IsRejected(int threads) {
    assertThatThrownBy(() -> new SipStackOptions("edge", 8192, threads, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threadPoolSize")
        .hasMessageContaining(Integer.toString(threads));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 256})
  void threadPoolSizeWithin1To256IsAccepted(int threads) {
    assertThat(new SipStackOptions("edge", 8192, threads, Map.of()).threadPoolSize()).isEqualTo(threads);
  }

  @Test
  void extraPropertiesAreCopiedAndImmutable() {
    Map<String, String> extra = new HashMap<>();
    extra.put("gov.nist.javax.sip.READ_TIMEOUT", "1000");
    SipStackOptions options = new SipStackOptions("edge", 8192, 4, extra);

    extra.put("gov.nist.javax.sip.LATE", "x");

    assertThat(options.extraProperties()).containsOnlyKeys("gov.nist.javax.sip.READ_TIMEOUT");
    assertThatThrownBy(() -> options.extraProperties().put("k", "v"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullExtraPropertiesMeanNone() {
    assertThat(new SipStackOptions("edge", 8192, 4, null).extraProperties()).isEmpty();
  }
}
