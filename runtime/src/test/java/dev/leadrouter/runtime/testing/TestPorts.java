package dev.leadrouter.runtime.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for servers a test starts later than it picks their port. */
public final class TestPorts {
  private TestPorts() {}

  /**
   * A port free now, below Linux's ephemeral range (32768+). Ports handed out by the OS for port 0
   * come from that range, the same one outgoing connections use: a port chosen that way for a
   * server started later (routing in an outage test, SMTP coming back) can be taken meanwhile by a
   * client socket retrying towards it, and the server then fails to bind.
   */
  public static int free() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20000 + ThreadLocalRandom.current().nextInt(12000);
      try (ServerSocket s = new ServerSocket(port)) {
        return s.getLocalPort();
      } catch (IOException inUse) {
        // taken: try another
      }
    }
    throw new IllegalStateException("no free port found below the ephemeral range");
  }
}
