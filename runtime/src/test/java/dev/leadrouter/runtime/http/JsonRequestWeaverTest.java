package dev.leadrouter.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leadrouter.v1.ListAssignmentsRequest;
import dev.leadrouter.v1.ReassignRequest;
import dev.leadrouter.v1.UpdateRepRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRequestWeaverTest {

  private static Map.Entry<List<String>, String> binding(String path, String value) {
    return new AbstractMap.SimpleEntry<>(List.of(path.split("\\.")), value);
  }

  @Test
  void aPathVariableSurvivesABodyFieldOfTheSameMessage() {
    Buffer woven =
        JsonRequestWeaver.weave(
            Buffer.buffer("{\"status\":\"REP_STATUS_AWAY\"}"),
            "rep",
            List.of(binding("rep.rep_id", "bob"), binding("update_mask", "status")),
            UpdateRepRequest.getDescriptor());
    JsonObject json = woven.toJsonObject();
    assertThat(json.getJsonObject("rep").getString("rep_id")).isEqualTo("bob");
    assertThat(json.getJsonObject("rep").getString("status")).isEqualTo("REP_STATUS_AWAY");
    assertThat(json.getString("update_mask")).isEqualTo("status");
  }

  @Test
  void theWholeBodyIsTheRequestAndThePathWins() {
    JsonObject json =
        JsonRequestWeaver.weave(
                Buffer.buffer("{\"leadId\":\"other\",\"reason\":\"r\"}"),
                "*",
                List.of(binding("lead_id", "from-path")),
                ReassignRequest.getDescriptor())
            .toJsonObject();
    assertThat(json.getString("lead_id")).isEqualTo("from-path");
    assertThat(json.getString("reason")).isEqualTo("r");
  }

  @Test
  void repeatedQueryParametersFillARepeatedField() {
    JsonObject json =
        JsonRequestWeaver.weave(
                Buffer.buffer(""),
                "",
                List.of(
                    binding("exclude_rep_ids", "a"),
                    binding("exclude_rep_ids", "b"),
                    binding("lead_id", "x")),
                ReassignRequest.getDescriptor())
            .toJsonObject();
    assertThat(json.getJsonArray("exclude_rep_ids").getList()).containsExactly("a", "b");
    JsonObject nested =
        JsonRequestWeaver.weave(
                null,
                "",
                List.of(binding("page.page_size", "5")),
                ListAssignmentsRequest.getDescriptor())
            .toJsonObject();
    assertThat(nested.getJsonObject("page").getString("page_size")).isEqualTo("5");
  }
}
