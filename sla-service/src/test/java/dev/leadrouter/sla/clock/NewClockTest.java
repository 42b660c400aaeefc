package dev.leadrouter.sla.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.LeadSource;
import dev.leadrouter.v1.SourceChannel;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NewClockTest {
  private static final Instant AT = Instant.parse("2026-03-04T10:00:00Z");

  private static NewClock clock(Lead lead) {
    return new NewClock("a1", "l1", "rep", "q-na", "smb", null, "UTC", AT, null, lead, null);
  }

  @Test
  void factsCarryTheLeadsSourceProductsAndScore() {
    Lead lead =
        Lead.newBuilder()
            .setSource(
                LeadSource.newBuilder()
                    .setChannel(SourceChannel.SOURCE_CHANNEL_WEB_FORM)
                    .setSourceId("pricing-page"))
            .addProductInterests("analytics")
            .setScore(42)
            .build();

    assertThat(clock(lead).facts())
        .isEqualTo(
            new LeadFacts(
                "q-na", "smb", "WEB_FORM", "pricing-page", java.util.List.of("analytics"), 42));
  }

  @Test
  void anUnknownChannelAndAnEmptySourceIdAreAbsent() {
    LeadFacts facts = clock(Lead.getDefaultInstance()).facts();

    assertThat(facts.sourceChannel()).isNull();
    assertThat(facts.sourceId()).isNull();
    assertThat(facts.productInterests()).isEmpty();
    assertThat(facts.score()).isZero();
  }

  @Test
  void withoutALeadOnlyTheAssignmentsQueueAndSegmentAreKnown() {
    assertThat(clock(null).facts()).isEqualTo(new LeadFacts("q-na", "smb", null, null, null, 0));
  }

  @Test
  void theIdsAndAssignmentTimeAreRequired() {
    assertThatThrownBy(() -> new NewClock(null, "l1", "rep", null, null, null, null, AT, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("assignmentId");
    assertThatThrownBy(() -> new NewClock("a1", null, "rep", null, null, null, null, AT, null))
        .hasMessage("leadId");
    assertThatThrownBy(() -> new NewClock("a1", "l1", null, null, null, null, null, AT, null))
        .hasMessage("repId");
    assertThatThrownBy(() -> new NewClock("a1", "l1", "rep", null, null, null, null, null, null))
        .hasMessage("assignedAt");
  }
}
