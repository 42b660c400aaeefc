package dev.leadrouter.runtime.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InFlightGroupsTest {
  private final List<List<String>> started = new ArrayList<>();
  private final List<Promise<Void>> running = new ArrayList<>();

  private InFlightGroups<String> groups(int maxInFlight, int maxGroup) {
    return new InFlightGroups<>(
        maxInFlight,
        maxGroup,
        group -> {
          started.add(group);
          Promise<Void> done = Promise.promise();
          running.add(done);
          return done.future();
        });
  }

  @Test
  void jobsGoAloneAndAtOnceWhileGroupsAreFree() {
    InFlightGroups<String> groups = groups(2, 10);
    groups.submit("a");
    groups.submit("b");
    assertThat(started).containsExactly(List.of("a"), List.of("b"));
  }

  @Test
  void jobsThatWaitGoTogetherInOrderUpToTheLargestGroup() {
    InFlightGroups<String> groups = groups(1, 3);
    groups.submit("a");
    for (String job : List.of("b", "c", "d", "e")) {
      groups.submit(job);
    }
    assertThat(started).containsExactly(List.of("a"));

    running.get(0).complete();
    assertThat(started).containsExactly(List.of("a"), List.of("b", "c", "d"));

    // a failed group frees its place as a finished one does
    running.get(1).fail("boom");
    assertThat(started).containsExactly(List.of("a"), List.of("b", "c", "d"), List.of("e"));
  }

  @Test
  void aRunnerThatThrowsFreesItsPlace() {
    List<List<String>> seen = new ArrayList<>();
    InFlightGroups<String> groups =
        new InFlightGroups<>(
            1,
            5,
            group -> {
              seen.add(group);
              if (group.contains("bad")) {
                throw new IllegalStateException("runner bug");
              }
              return Future.succeededFuture();
            });
    groups.submit("bad");
    groups.submit("next");
    assertThat(seen).containsExactly(List.of("bad"), List.of("next"));
  }
}
