package dev.leadrouter.sla.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.PrecomposedMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestMessageTest {
  @Test
  void listsEveryLeadOldestDeadlineFirst() {
    PrecomposedMessage m =
        DigestMessage.compose(
            List.of(
                new DigestMessage.Item(
                    "bob", "lead-2", "a-2", Instant.parse("2026-03-02T09:10:00Z")),
                new DigestMessage.Item(
                    "alice", "lead-1", "a-1", Instant.parse("2026-03-02T09:05:00Z"))));
    assertThat(m.getSubject()).isEqualTo("Escalation digest: 2 leads missed the first-touch SLA");
    assertThat(m.getText())
        .contains("alice  lead lead-1  deadline 2026-03-02 09:05 UTC")
        .contains("bob  lead lead-2  deadline 2026-03-02 09:10 UTC");
    assertThat(m.getText().indexOf("lead-1")).isLessThan(m.getText().indexOf("lead-2"));
    assertThat(m.getHtml()).contains("<td>lead-1</td>");
  }
}
