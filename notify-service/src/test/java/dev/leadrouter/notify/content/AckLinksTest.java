package dev.leadrouter.notify.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.runtime.auth.AckToken;
import dev.leadrouter.v1.NotificationKind;
import dev.leadrouter.v1.NotifyRequest;
import dev.leadrouter.v1.Recipient;
import dev.leadrouter.v1.RecipientRole;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AckLinksTest {
  private static final String SECRET = "ack-secret-0123456789";
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
  private final AckLinks links =
      new AckLinks(new AckToken(SECRET, NOW), "http://sla.internal:8104/", Duration.ofDays(7), NOW);

  private static NotifyRequest request(RecipientRole role, String ackUrl) {
    return NotifyRequest.newBuilder()
        .setKind(NotificationKind.NOTIFICATION_KIND_NEW_LEAD)
        .setAssignmentId("as-1")
        .addRecipients(Recipient.newBuilder().setRepId("ana").setRole(role))
        .setAckUrl(ackUrl)
        .build();
  }

  @Test
  void linkCarriesATokenSlaServiceCanRedeemUntilItExpires() {
    String link = links.linkFor(request(RecipientRole.RECIPIENT_ROLE_OWNER, ""), 0);

    assertThat(link).startsWith("http://sla.internal:8104/v1/ack?token=");
    String token =
        URLDecoder.decode(
            URI.create(link).getRawQuery().substring("token=".length()), StandardCharsets.UTF_8);
    AckToken.Claims claims = new AckToken(SECRET, NOW).redeem(token);
    assertThat(claims.assignmentId()).isEqualTo("as-1");
    assertThat(claims.repId()).isEqualTo("ana");
    assertThat(claims.expiresAt()).isEqualTo(Instant.parse("2026-01-08T10:00:00Z"));
  }

  @Test
  void callersLinkIsUsedAsIsAndOnlyTheRepWhoMustActGetsOne() {
    assertThat(
            links.linkFor(
                request(RecipientRole.RECIPIENT_ROLE_OWNER, "https://x.example/ack/1"), 0))
        .isEqualTo("https://x.example/ack/1");
    assertThat(links.linkFor(request(RecipientRole.RECIPIENT_ROLE_MANAGER, ""), 0)).isNull();
    assertThat(links.linkFor(request(RecipientRole.RECIPIENT_ROLE_PREVIOUS_OWNER, ""), 0)).isNull();
    assertThat(AckLinks.none().linkFor(request(RecipientRole.RECIPIENT_ROLE_OWNER, ""), 0))
        .isNull();
  }
}
