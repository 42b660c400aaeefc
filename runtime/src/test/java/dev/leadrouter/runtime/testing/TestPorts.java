package dev.leadrouter.runtime.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test starts later than it picks their port.
 *
 * <p>Prefer binding port 0 and asking the server which port it got (GreenMail: {@code new
 * ServerSetup(0, ...)} then {@code getSmtp().getPort()}; Vert.x: {@code listen(0)} then {@code
 * actualPort()}): that cannot collide. Use this class only when the port must be known before the
 * server exists: a peer address the other services are configured with, a server that comes back on
 * the same port after an outage, a child process configured through its environment.
 *
 * <p>The race that remains: the port is free when it is handed out, but released again before the
 * server binds it, so another process (another engineer's JVM, a build of another module) can take
 * it in between. Within this JVM it cannot happen: a port is handed out at most once.
 */
public final class TestPorts {
  /** Every port handed out in this JVM: two servers of one test run never get the same port. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private static final int LOWEST = 20000;
  private static final int RANGE = 12000;

  private TestPorts() {}

  /**
   * A port free now, below Linux's ephemeral range (32768+), never handed out before in this JVM.
   * Ports handed out by the OS for port 0 come from that range, the same one outgoing connections
   * use: a port chosen that way for a server started later (routing in an outage test, SMTP coming
   * back) can be taken meanwhile by a client socket retrying towards it, and the server then fails
   * to bind.
   */
  public static int free() {
    for (int attempt = 0; attempt < 500; attempt++) {
      int port = LOWEST + ThreadLocalRandom.current().nextInt(RANGE);
      if (HANDED_OUT.contains(port) || !bindable(port)) {
        continue;
      }
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port found below the ephemeral range");
  }

  /** True when nothing listens on the port now. */
  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket(port)) {
      return s.getLocalPort() == port;
    } catch (IOException inUse) {
      return false;
    }
  }
}
