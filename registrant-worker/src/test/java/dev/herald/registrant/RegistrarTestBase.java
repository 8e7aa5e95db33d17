package dev.herald.registrant;

import dev.herald.testkit.TestRegistrar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Integration tests against the test registrar: a fresh registrar and harness per test. */
abstract class RegistrarTestBase {

  protected RegistrantHarness harness;
  protected TestRegistrar registrar;

  @BeforeEach
  void startHarnessAndRegistrar() throws Exception {
    harness = new RegistrantHarness();
    registrar = new TestRegistrar();
  }

  @AfterEach
  void stopHarnessAndRegistrar() throws Exception {
    harness.close();
    registrar.close();
  }
}
