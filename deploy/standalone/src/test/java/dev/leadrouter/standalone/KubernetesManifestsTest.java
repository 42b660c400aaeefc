package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders deploy/k8s overlays with {@code kubectl kustomize} and checks what a cluster would not
 * tell us until too late: probes, resources, matching Services and ports, autoscaler targets.
 */
class KubernetesManifestsTest {
  private static final List<String> SERVICES =
      List.of("capture-service", "routing-service", "notify-service", "sla-service");

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void overlayRendersCompleteDeployments(String overlay) throws Exception {
    List<JsonNode> docs = render("../k8s/overlays/" + overlay);
    List<JsonNode> deployments = ofKind(docs, "Deployment");
    assertThat(deployments.stream().map(d -> d.at("/metadata/name").asText()))
        .containsAll(SERVICES);

    for (JsonNode d : deployments) {
      String name = d.at("/metadata/name").asText();
      JsonNode pod = d.at("/spec/template");
      Map<String, String> podLabels = labels(pod.at("/metadata/labels"));
      assertThat(labels(d.at("/spec/selector/matchLabels")).entrySet())
          .as(name + " selector")
          .isSubsetOf(podLabels.entrySet());
      for (JsonNode c : pod.at("/spec/containers")) {
        String where = name + "/" + c.at("/name").asText();
        assertThat(c.at("/resources/requests/cpu").isMissingNode())
            .as(where + " cpu request")
            .isFalse();
        assertThat(c.at("/resources/requests/memory").isMissingNode())
            .as(where + " memory request")
            .isFalse();
        assertThat(c.at("/resources/limits/memory").isMissingNode())
            .as(where + " memory limit")
            .isFalse();
        assertThat(c.at("/resources/limits/cpu").isMissingNode())
            .as(where + " cpu limit")
            .isFalse();
        if (!SERVICES.contains(name)) {
          continue;
        }
        Set<String> ports = containerPorts(c);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
          JsonNode p = c.path(probe);
          assertThat(p.isMissingNode()).as(where + " " + probe).isFalse();
          String port =
              p.has("grpc") ? p.at("/grpc/port").asText() : p.at("/httpGet/port").asText();
          assertThat(ports).as(where + " " + probe + " port").contains(port);
        }
        assertThat(c.at("/readinessProbe/grpc/service").asText())
            .as(where + " readiness names its gRPC service")
            .startsWith("leadrouter.v1.");
        assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean(true))
            .as(where)
            .isFalse();
      }
      if (SERVICES.contains(name)) {
        assertThat(pod.at("/spec/securityContext/runAsNonRoot").asBoolean())
            .as(name + " non-root")
            .isTrue();
        assertThat(pod.at("/spec/terminationGracePeriodSeconds").asInt())
            .as(name + " grace beyond the 20s drain")
            .isGreaterThan(25);
        assertThat(pod.at("/spec/topologySpreadConstraints").size())
            .as(name + " spread")
            .isPositive();
        assertThat(pod.at("/spec/initContainers/0/command").toString())
            .as(name + " migration step")
            .contains("MigrateMain");
        assertServiceMatches(docs, name, podLabels, containerPorts(pod.at("/spec/containers/0")));
      }
    }

    Set<String> deploymentNames = new HashSet<>();
    deployments.forEach(d -> deploymentNames.add(d.at("/metadata/name").asText()));
    List<JsonNode> hpas = ofKind(docs, "HorizontalPodAutoscaler");
    assertThat(hpas).hasSizeGreaterThanOrEqualTo(SERVICES.size());
    for (JsonNode hpa : hpas) {
      assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
      assertThat(deploymentNames)
          .as("HPA target")
          .contains(hpa.at("/spec/scaleTargetRef/name").asText());
      assertThat(hpa.at("/spec/minReplicas").asInt())
          .isLessThanOrEqualTo(hpa.at("/spec/maxReplicas").asInt());
    }
    for (JsonNode pdb : ofKind(docs, "PodDisruptionBudget")) {
      Map<String, String> selector = labels(pdb.at("/spec/selector/matchLabels"));
      assertThat(deployments)
          .as("PDB " + pdb.at("/metadata/name").asText() + " selects pods")
          .anySatisfy(
              d ->
                  assertThat(labels(d.at("/spec/template/metadata/labels")).entrySet())
                      .containsAll(selector.entrySet()));
    }
    Set<String> configMaps = names(ofKind(docs, "ConfigMap"));
    Set<String> secrets = names(ofKind(docs, "Secret"));
    for (JsonNode d : deployments) {
      for (JsonNode from : d.at("/spec/template/spec/containers/0/envFrom")) {
        if (from.has("configMapRef")) {
          assertThat(configMaps).contains(from.at("/configMapRef/name").asText());
        }
        if (from.has("secretRef") && overlay.equals("dev")) {
          assertThat(secrets).contains(from.at("/secretRef/name").asText());
        }
      }
    }
  }

  private static void assertServiceMatches(
      List<JsonNode> docs, String name, Map<String, String> podLabels, Set<String> ports) {
    List<JsonNode> services =
        ofKind(docs, "Service").stream()
            .filter(
                s -> podLabels.entrySet().containsAll(labels(s.at("/spec/selector")).entrySet()))
            .filter(s -> !labels(s.at("/spec/selector")).isEmpty())
            .toList();
    assertThat(services).as(name + " has Services").isNotEmpty();
    assertThat(services)
        .as(name + " has a headless Service for balanced gRPC")
        .anySatisfy(s -> assertThat(s.at("/spec/clusterIP").asText()).isEqualTo("None"));
    for (JsonNode s : services) {
      for (JsonNode p : s.at("/spec/ports")) {
        assertThat(ports)
            .as(s.at("/metadata/name").asText() + " targetPort")
            .contains(p.at("/targetPort").asText());
      }
    }
  }

  private static Set<String> containerPorts(JsonNode container) {
    Set<String> ports = new HashSet<>();
    for (JsonNode p : container.at("/ports")) {
      ports.add(p.at("/name").asText());
      ports.add(p.at("/containerPort").asText());
    }
    return ports;
  }

  private static Map<String, String> labels(JsonNode node) {
    Map<String, String> out = new java.util.HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static Set<String> names(List<JsonNode> docs) {
    Set<String> out = new HashSet<>();
    docs.forEach(d -> out.add(d.at("/metadata/name").asText()));
    return out;
  }

  private static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> d.at("/kind").asText().equals(kind)).toList();
  }

  private static List<JsonNode> render(String dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kubectl", "kustomize", dir).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("kubectl kustomize " + dir + ":\n" + out).isZero();
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLMapper().createParser(out)) {
      var it = new YAMLMapper().readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        docs.add(it.next());
      }
    }
    return docs;
  }
}
