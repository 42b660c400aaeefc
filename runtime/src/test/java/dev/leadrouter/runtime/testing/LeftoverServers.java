package dev.leadrouter.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded PostgreSQL servers test JVMs start, one folder each under a shared root, and the
 * removal of those whose JVM died without stopping its server (killed test runs, PIT's killed
 * minions).
 *
 * <p>Several engineers' test JVMs share a machine, so a folder is removed only when its owner is
 * provably dead: each folder holds {@value #OWNER_FILE} (the owning JVM's pid and start time,
 * written before the server starts); a folder whose owner process no longer exists, or exists with
 * another start time (a reused pid), is stale. A folder without an owner file is left alone: it may
 * be one being created right now. The stale folder's postmaster is stopped only if its command line
 * names that folder's data directory, so an unrelated process that reused the pid is never
 * signalled.
 */
public final class LeftoverServers {
  static final String OWNER_FILE = "owner.pid";
  static final String DATA_DIR = "data";
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final Path root;

  public LeftoverServers(Path root) {
    this.root = root;
  }

  /** The shared root under the temp directory that every test JVM on this machine uses. */
  public static LeftoverServers inTempDirectory() {
    return new LeftoverServers(Path.of(System.getProperty("java.io.tmpdir"), "leadrouter-test-pg"));
  }

  /**
   * A new folder owned by this JVM; the server's data directory is {@code <folder>/data}. The owner
   * file is written before anything else so no sweeper can take the folder for a stale one.
   */
  public Path claim() throws IOException {
    Files.createDirectories(root);
    Path folder = Files.createTempDirectory(root, "pg-");
    ProcessHandle self = ProcessHandle.current();
    Files.writeString(folder.resolve(OWNER_FILE), ownerLine(self), StandardCharsets.UTF_8);
    return folder;
  }

  /** Deletes a folder this JVM claimed (after its server stopped). */
  public static void release(Path folder) {
    deleteTree(folder);
  }

  /** Stops and removes every server whose owning JVM is dead; returns the folders removed. */
  public List<Path> sweep() {
    List<Path> removed = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return removed;
    }
    try (Stream<Path> folders = Files.list(root)) {
      for (Path folder : folders.filter(Files::isDirectory).toList()) {
        if (emptyForAMinute(folder)) {
          // a release cut short after its last file: nothing can live here any more
          Files.deleteIfExists(folder);
          removed.add(folder);
        } else if (ownerIsDead(folder)) {
          stopPostmaster(folder);
          try {
            deleteTree(folder);
            removed.add(folder);
          } catch (UncheckedIOException e) {
            // another JVM's sweep removed it first, or a file is still held: next sweep retries
          }
        }
      }
    } catch (IOException e) {
      // another JVM's sweep may be removing folders under us; the next sweep tries again
    }
    return removed;
  }

  /** Empty, and old enough that it is not a folder another JVM is claiming right now. */
  static boolean emptyForAMinute(Path folder) {
    try (Stream<Path> children = Files.list(folder)) {
      return children.findAny().isEmpty()
          && Files.getLastModifiedTime(folder).toInstant().isBefore(Instant.now().minusSeconds(60));
    } catch (IOException e) {
      return false;
    }
  }

  static String ownerLine(ProcessHandle process) {
    return process.pid()
        + " "
        + process.info().startInstant().map(Instant::toEpochMilli).orElse(0L)
        + "\n";
  }

  /** True only when the owner file names a process that is gone (or a different, newer one). */
  static boolean ownerIsDead(Path folder) {
    String line;
    try {
      line = Files.readString(folder.resolve(OWNER_FILE), StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
    String[] parts = line.split(" ", -1);
    if (parts.length != 2) {
      return false; // half-written: its owner is writing it now
    }
    long pid;
    long started;
    try {
      pid = Long.parseLong(parts[0]);
      started = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return false;
    }
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) {
      return true;
    }
    long actualStart = process.get().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return started != 0 && actualStart != 0 && actualStart != started;
  }

  /** Stops the postmaster that serves this folder's data directory, if one still runs. */
  static void stopPostmaster(Path folder) {
    Path data = folder.resolve(DATA_DIR);
    long pid;
    try {
      String first = Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip();
      pid = Long.parseLong(first);
    } catch (IOException | RuntimeException e) {
      return; // no server ever started here, or it stopped cleanly
    }
    Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
    if (postmaster.isEmpty() || !servesDataDirectory(pid, data)) {
      return;
    }
    // SIGTERM: PostgreSQL's smart shutdown; its clients died with the owning JVM
    postmaster.get().destroy();
    try {
      postmaster
          .get()
          .onExit()
          .get(STOP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      postmaster.get().destroyForcibly();
    }
  }

  /** The process's command line names the data directory (read from /proc on Linux). */
  static boolean servesDataDirectory(long pid, Path data) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      String cmdline = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
      return cmdline.contains(data.toAbsolutePath().toString());
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTree(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    Path owner = folder.resolve(OWNER_FILE);
    try (Stream<Path> paths = Files.walk(folder)) {
      // the owner file goes last, so a removal cut short leaves a folder the next sweep recognizes
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(owner) && !p.equals(folder)) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(owner);
      Files.deleteIfExists(folder);
    } catch (NoSuchFileException e) {
      // removed meanwhile
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + folder, e);
    }
  }
}
