package dev.leadrouter.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestPortsTest {

  @Test
  void aPortIsHandedOutOnceEvenAfterItWasReleased() {
    // free() closes the socket it probes with, so the port is free again at once: without
    // remembering the ports handed out, two servers of one test run could be given the same one.
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      ports.add(TestPorts.free());
    }
    assertThat(ports).hasSize(300).allMatch(p -> p >= 20000 && p < 32768);
  }
}
