package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's mailbox prints each email once, in arrival order, as the console expects. */
class DevMailboxTest {

  @Test
  void printsEveryEmailOnceInArrivalOrderWithLfLineEnds() throws Exception {
    try (DevMailbox box = new DevMailbox(StackFixture.freePort())) {
      ServerSetup smtp = new ServerSetup(box.port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
      List<String> printed = new ArrayList<>();
      String[] to = {"alice", "bob", "chloe", "alice", "sam", "bob"};
      for (int i = 0; i < to.length; i++) {
        GreenMailUtil.sendTextEmail(
            to[i] + "@example.com",
            "leads@localhost",
            "lead " + i,
            "line one\r\nline two " + i,
            smtp);
        // the runner polls between emails, so each poll must see exactly the new ones
        printed.addAll(box.newMessages());
      }
      GreenMailUtil.sendTextEmail(
          "alice@example.com, bob@example.com", "leads@localhost", "to two", "both", smtp);
      printed.addAll(box.newMessages());

      assertThat(printed)
          .extracting(m -> m.lines().limit(2).toList())
          .containsExactly(
              List.of("To: alice@example.com", "Subject: lead 0"),
              List.of("To: bob@example.com", "Subject: lead 1"),
              List.of("To: chloe@example.com", "Subject: lead 2"),
              List.of("To: alice@example.com", "Subject: lead 3"),
              List.of("To: sam@example.com", "Subject: lead 4"),
              List.of("To: bob@example.com", "Subject: lead 5"),
              List.of("To: alice@example.com, bob@example.com", "Subject: to two"));
      assertThat(printed).noneMatch(m -> m.contains("\r"));
      assertThat(printed.get(5)).endsWith("line one\nline two 5");
      assertThat(box.newMessages()).isEmpty();
      assertThat(box.allMessages()).isEqualTo(printed);
    }
  }
}
