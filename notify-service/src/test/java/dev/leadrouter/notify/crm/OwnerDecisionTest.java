package dev.leadrouter.notify.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.notify.crm.OwnerDecision.LastWrite;
import dev.leadrouter.notify.crm.OwnerDecision.Verdict;
import dev.leadrouter.v1.CrmSystem;
import org.junit.jupiter.api.Test;

class OwnerDecisionTest {
  private static final String QUEUE = "00G5g00000QueueAAA";
  private static final String ANA = "0055g00000AnaUsAAA";
  private static final String BEN = "0055g00000BenUsAAA";
  private static final String ZOE = "0055g00000ZoeUsAAA";

  private static WriteBackTarget target(String owner, int sequence) {
    return new WriteBackTarget(
        CrmSystem.CRM_SYSTEM_SALESFORCE,
        "Lead",
        "00Q5g00000000001AAA".substring(0, 18),
        QUEUE,
        owner,
        sequence,
        "ana",
        "l",
        "a");
  }

  @Test
  void theFirstWriteReplacesOnlyTheOwnerAtCapture() {
    assertThat(OwnerDecision.decide(target(ANA, 0), null, QUEUE)).isEqualTo(Verdict.WRITE);
    assertThat(OwnerDecision.decide(target(ANA, 0), null, ZOE)).isEqualTo(Verdict.OVERRIDDEN);
    assertThat(OwnerDecision.decide(target(ANA, 0), null, ANA)).isEqualTo(Verdict.ALREADY_OWNER);
  }

  @Test
  void laterWritesReplaceOnlyWhatLeadrouterWroteLast() {
    LastWrite wroteAna = new LastWrite(0, ANA);
    assertThat(OwnerDecision.decide(target(BEN, 1), wroteAna, ANA)).isEqualTo(Verdict.WRITE);
    assertThat(OwnerDecision.decide(target(BEN, 1), wroteAna, QUEUE)).isEqualTo(Verdict.OVERRIDDEN);
    assertThat(OwnerDecision.decide(target(BEN, 1), wroteAna, BEN))
        .isEqualTo(Verdict.ALREADY_OWNER);
  }

  @Test
  void anOlderAssignmentNeverUndoesANewerOne() {
    assertThat(OwnerDecision.decide(target(ANA, 0), new LastWrite(1, BEN), BEN))
        .isEqualTo(Verdict.SUPERSEDED);
  }

  @Test
  void salesforceIdsMatchIn15And18CharacterForm() {
    assertThat(OwnerDecision.decide(target(ANA, 0), null, ANA.substring(0, 15)))
        .isEqualTo(Verdict.ALREADY_OWNER);
  }
}
