package dev.leadrouter.routing.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.FieldMask;
import com.google.protobuf.util.Timestamps;
import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.v1.Capacity;
import dev.leadrouter.v1.OutOfOffice;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RepStatus;
import org.junit.jupiter.api.Test;

class RepPatchTest {
  private static final Rep STORED =
      Rep.newBuilder()
          .setRepId("bob")
          .setDisplayName("Bob Brown")
          .setEmail("bob@example.com")
          .setTimeZone("America/Chicago")
          .setActive(true)
          .setStatus(RepStatus.REP_STATUS_AVAILABLE)
          .setCapacity(Capacity.newBuilder().setMaxOpenLeads(10).setMaxLeadsPerDay(20))
          .addOutOfOffice(
              OutOfOffice.newBuilder()
                  .setStart(Timestamps.fromSeconds(0))
                  .setEnd(Timestamps.fromSeconds(10)))
          .addSkills("spanish")
          .build();

  private static FieldMask mask(String... paths) {
    return FieldMask.newBuilder().addAllPaths(java.util.List.of(paths)).build();
  }

  @Test
  void onlyMaskedFieldsChange() {
    Rep patch = Rep.newBuilder().setRepId("bob").setStatus(RepStatus.REP_STATUS_AWAY).build();
    Rep updated = RepPatch.apply(STORED, patch, RepPatch.effectiveMask(patch, mask("status")));
    assertThat(updated.getStatus()).isEqualTo(RepStatus.REP_STATUS_AWAY);
    assertThat(updated.toBuilder().setStatus(RepStatus.REP_STATUS_AVAILABLE).build())
        .isEqualTo(STORED);
  }

  @Test
  void aNamedFieldWithoutValueIsClearedAndListsAreReplaced() {
    Rep patch = Rep.newBuilder().setRepId("bob").addSkills("german").build();
    Rep updated =
        RepPatch.apply(
            STORED, patch, RepPatch.effectiveMask(patch, mask("out_of_office", "skills")));
    assertThat(updated.getOutOfOfficeList()).isEmpty();
    assertThat(updated.getSkillsList()).containsExactly("german");
  }

  @Test
  void aNestedPathChangesOneCap() {
    Rep patch =
        Rep.newBuilder()
            .setRepId("bob")
            .setCapacity(Capacity.newBuilder().setMaxOpenLeads(3))
            .build();
    Rep updated =
        RepPatch.apply(
            STORED, patch, RepPatch.effectiveMask(patch, mask("capacity.max_open_leads")));
    assertThat(updated.getCapacity().getMaxOpenLeads()).isEqualTo(3);
    assertThat(updated.getCapacity().getMaxLeadsPerDay()).isEqualTo(20);
  }

  @Test
  void withoutAMaskTheSetFieldsChange() {
    Rep patch = Rep.newBuilder().setRepId("bob").setDisplayName("Robert Brown").build();
    FieldMask effective = RepPatch.effectiveMask(patch, FieldMask.getDefaultInstance());
    assertThat(effective.getPathsList()).containsExactly("display_name");
    assertThat(RepPatch.apply(STORED, patch, effective).getEmail()).isEqualTo("bob@example.com");
  }

  @Test
  void unknownAndImmutablePathsAreRefused() {
    Rep patch = Rep.newBuilder().setRepId("bob").build();
    assertThatThrownBy(() -> RepPatch.effectiveMask(patch, mask("colour", "rep_id")))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).violations())
                    .extracting(v -> v.field())
                    .containsExactly("update_mask", "update_mask"));
    assertThatThrownBy(() -> RepPatch.effectiveMask(patch, FieldMask.getDefaultInstance()))
        .isInstanceOf(InvalidInputException.class);
  }
}
