package dev.leadrouter.notify.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.v1.NotificationKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatesTest {
  @TempDir Path dir;

  @Test
  void operatorFilesWinFileByFileAndKindBeforeDefault() throws Exception {
    Files.createDirectories(dir.resolve("sms"));
    Files.createDirectories(dir.resolve("email"));
    Files.writeString(dir.resolve("sms/sla_warning.text.mustache"), "Hurry: {{who}}");
    Files.writeString(dir.resolve("email/default.subject.mustache"), "[Leads] {{who}}");

    Templates t = Templates.load(dir);
    Map<String, Object> model = Map.of("who", "Grace", "subjectPrefix", "New lead");

    assertThat(t.render("sms", NotificationKind.NOTIFICATION_KIND_SLA_WARNING, "text", model))
        .isEqualTo("Hurry: Grace");
    assertThat(t.render("sms", NotificationKind.NOTIFICATION_KIND_NEW_LEAD, "text", model))
        .startsWith("New lead: Grace");
    assertThat(t.render("email", NotificationKind.NOTIFICATION_KIND_ESCALATION, "subject", model))
        .isEqualTo("[Leads] Grace");
  }

  @Test
  void escapingFollowsTheChannel() throws Exception {
    Files.createDirectories(dir.resolve("slack"));
    Files.createDirectories(dir.resolve("sms"));
    Files.writeString(dir.resolve("slack/default.text.mustache"), "{{who}}");
    Files.writeString(dir.resolve("sms/default.text.mustache"), "{{who}}");
    Templates t = Templates.load(dir);
    Map<String, Object> model = Map.of("who", "<!channel> & 'x'");

    assertThat(t.render("slack", NotificationKind.NOTIFICATION_KIND_REPORT, "text", model))
        .isEqualTo("&lt;!channel&gt; &amp; 'x'");
    assertThat(t.render("sms", NotificationKind.NOTIFICATION_KIND_REPORT, "text", model))
        .isEqualTo("<!channel> & 'x'");
  }

  @Test
  void brokenTemplateStopsStartUpNamingIt() throws Exception {
    Files.createDirectories(dir.resolve("email"));
    Files.writeString(dir.resolve("email/new_lead.html.mustache"), "{{#open}} never closed");

    assertThatThrownBy(() -> Templates.load(dir)).hasMessageContaining("email/new_lead.html");
  }
}
