package dev.leadrouter.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeftoverServersTest {
  @TempDir Path root;
  private Process bystander;

  @AfterEach
  void stopBystander() {
    if (bystander != null) {
      bystander.destroyForcibly();
    }
  }

  @Test
  void removesTheFolderOfADeadOwnerAndStopsTheServerThatServesItsData() throws Exception {
    Path folder = folder("pg-dead", ownerLineOf(deadProcess()));
    Path data = Files.createDirectories(folder.resolve("data"));
    // stands in for the orphaned postmaster: its command line names the data directory
    bystander = new ProcessBuilder("sh", "-c", "sleep 120; exit 0", data.toString()).start();
    Files.writeString(data.resolve("postmaster.pid"), bystander.pid() + "\n" + data + "\n");

    var removed = new LeftoverServers(root).sweep();

    assertThat(removed).containsExactly(folder);
    assertThat(folder).doesNotExist();
    await().atMost(Duration.ofSeconds(15)).until(() -> !bystander.isAlive());
  }

  @Test
  void leavesAliveOwnersFoldersAlone() throws Exception {
    Path mine = new LeftoverServers(root).claim();
    Files.createDirectories(mine.resolve("data"));

    assertThat(new LeftoverServers(root).sweep()).isEmpty();
    assertThat(mine.resolve("data")).isDirectory();
  }

  @Test
  void leavesFoldersWithoutOwnerFileAlone() throws Exception {
    Path beingCreated = Files.createDirectories(root.resolve("pg-new"));

    assertThat(new LeftoverServers(root).sweep()).isEmpty();
    assertThat(beingCreated).isDirectory();
  }

  @Test
  void aReusedPidWithAnotherStartTimeCountsAsDead() throws Exception {
    ProcessHandle self = ProcessHandle.current();
    Path folder = folder("pg-reused", self.pid() + " 12345\n");

    assertThat(LeftoverServers.ownerIsDead(folder)).isTrue();
  }

  @Test
  void neverSignalsAProcessWhoseCommandLineDoesNotNameTheDataDirectory() throws Exception {
    Path folder = folder("pg-dead", ownerLineOf(deadProcess()));
    Path data = Files.createDirectories(folder.resolve("data"));
    bystander = new ProcessBuilder("sh", "-c", "sleep 120; exit 0").start();
    Files.writeString(data.resolve("postmaster.pid"), bystander.pid() + "\n");

    var removed = new LeftoverServers(root).sweep();

    assertThat(removed).containsExactly(folder);
    assertThat(bystander.isAlive()).isTrue();
  }

  @Test
  void anEmptyFolderIsRemovedOnlyOnceItIsAMinuteOld() throws Exception {
    Path fresh = Files.createDirectories(root.resolve("pg-fresh"));
    Path stale = Files.createDirectories(root.resolve("pg-stale"));
    Files.setLastModifiedTime(
        stale, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(120)));

    assertThat(new LeftoverServers(root).sweep()).containsExactly(stale);
    assertThat(fresh).isDirectory();
  }

  @Test
  void aHalfWrittenOwnerFileIsNotProofOfDeath() throws Exception {
    Path folder = folder("pg-half", "4242");

    assertThat(new LeftoverServers(root).sweep()).isEmpty();
    assertThat(folder).isDirectory();
  }

  private Path folder(String name, String ownerLine) throws IOException {
    Path folder = Files.createDirectories(root.resolve(name));
    Files.writeString(folder.resolve(LeftoverServers.OWNER_FILE), ownerLine);
    return folder;
  }

  private static ProcessHandle deadProcess() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.toHandle();
  }

  private static String ownerLineOf(ProcessHandle dead) {
    return dead.pid() + " 1\n";
  }
}
