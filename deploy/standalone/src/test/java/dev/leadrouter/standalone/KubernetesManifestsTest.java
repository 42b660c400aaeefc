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
import org.junit.jupiter.api.Test;
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
        // preStop pause + LEADROUTER_SHUTDOWN_GRACE + the launcher's 10 s for relays and pools.
        int drain =
            pod.at("/spec/containers/0/lifecycle/preStop/sleep/seconds").asInt()
                + seconds(config(docs).get("LEADROUTER_SHUTDOWN_GRACE"))
                + 10;
        assertThat(pod.at("/spec/terminationGracePeriodSeconds").asInt())
            .as(name + " grace covers preStop and the whole drain")
            .isGreaterThanOrEqualTo(drain);
        assertThat(d.at("/spec/replicas").isMissingNode())
            .as(name + ": no replicas beside the autoscaler (an apply would reset its count)")
            .isTrue();
        JsonNode main = pod.at("/spec/containers/0");
        assertThat(main.at("/resources/requests/memory").asText())
            .as(name + " memory request = limit (no overcommit, no OOMKill under node pressure)")
            .isEqualTo(main.at("/resources/limits/memory").asText());
        assertThat(env(main, "JAVA_TOOL_OPTIONS"))
            .as(name + " memory model")
            .contains("-XX:MaxRAMPercentage=50", "-XX:MaxDirectMemorySize=");
        assertThat(containerPorts(main)).as(name + " ports").contains("management");
        assertThat(pod.at("/spec/topologySpreadConstraints").size())
            .as(name + " spread")
            .isPositive();
        assertThat(pod.at("/spec/initContainers/0/command").toString())
            .as(name + " migration step")
            .contains("MigrateMain");
        assertServiceMatches(docs, name, podLabels, containerPorts(pod.at("/spec/containers/0")));
      }
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
    for (JsonNode d : deployments) {
      for (JsonNode from : d.at("/spec/template/spec/containers/0/envFrom")) {
        if (from.has("configMapRef")) {
          assertThat(configMaps).contains(from.at("/configMapRef/name").asText());
          assertThat(from.at("/configMapRef/name").asText())
              .as("the ConfigMap is generated: its name carries a hash, so a change rolls pods")
              .matches("leadrouter-config-[a-z0-9]{10}");
        }
      }
    }
  }

  /** Each service reads only its own Secrets; provider credentials are notify's alone. */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void eachServiceGetsOnlyItsOwnSecrets(String overlay) throws Exception {
    List<JsonNode> docs = render("../k8s/overlays/" + overlay);
    Map<String, Set<String>> secretKeys = secretKeys(docs);
    for (String service : SERVICES) {
      JsonNode pod = deployment(docs, service).at("/spec/template/spec");
      Set<String> mainSecrets = secretsReferenced(pod.at("/containers/0"));
      boolean capture = service.equals("capture-service");
      List<String> roleKeys =
          capture
              ? List.of(
                  "leadrouter-ingest-keys",
                  "leadrouter-read-keys",
                  "leadrouter-admin-keys",
                  "leadrouter-internal-keys")
              : List.of(
                  "leadrouter-read-keys", "leadrouter-admin-keys", "leadrouter-internal-keys");
      assertThat(mainSecrets)
          .as(service + " reads its own Secrets and the keys of the roles it serves, only")
          .containsExactlyInAnyOrderElementsOf(
              java.util.stream.Stream.concat(
                      java.util.stream.Stream.of(service + "-secrets", service + "-db"),
                      roleKeys.stream())
                  .toList());
      assertThat(secretsReferenced(pod.at("/initContainers/0")))
          .as(service + " migrates as the migration user")
          .containsExactly("leadrouter-migrator-db");
      Set<String> optional = optionalSecrets(pod.at("/containers/0"));
      for (String secret : mainSecrets) {
        if (!optional.contains(secret)) {
          assertThat(secretKeys).as(overlay + " provides " + secret).containsKey(secret);
        }
      }
      Set<String> keys = secretKeys.getOrDefault(service + "-secrets", Set.of());
      boolean notify = service.equals("notify-service");
      assertThat(keys.stream().filter(k -> k.startsWith("NOTIFY_")).toList())
          .as(service + " holds provider credentials only if it is notify")
          .matches(list -> notify ? !list.isEmpty() || overlay.equals("dev") : list.isEmpty());
      assertThat(keys.contains("LEADROUTER_ACK_SECRET"))
          .as(service + " holds the ack-link key only if it builds or checks links")
          .isEqualTo(notify || service.equals("sla-service"));
      assertThat(secretKeys.get(service + "-db")).contains("username", "password");
    }
    assertThat(secretKeys.get("leadrouter-internal-keys"))
        .as("the service-to-service key has its own Secret")
        .contains("LEADROUTER_INTERNAL_API_KEY");
    assertThat(secretKeys.get("leadrouter-ingest-keys")).contains("LEADROUTER_INGEST_API_KEYS");
    for (String service : SERVICES) {
      assertThat(secretKeys.getOrDefault(service + "-secrets", Set.of()))
          .as(service + "'s own Secret holds no API key (they live in the role Secrets)")
          .noneMatch(k -> k.endsWith("_API_KEY") || k.endsWith("_API_KEYS"));
    }
    if (overlay.equals("prod")) {
      assertThat(secretKeys.get("notify-service-secrets"))
          .contains(
              "NOTIFY_TWILIO_AUTH_TOKEN",
              "NOTIFY_SLACK_BOT_TOKEN",
              "NOTIFY_SMTP_PASSWORD",
              "NOTIFY_WEBHOOK_SECRET",
              "NOTIFY_WEBHOOK_SECRET_PREVIOUS");
    }
  }

  /** Default deny; only the documented calls, the public doors and Prometheus get through. */
  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  void networkPoliciesAllowOnlyTheDocumentedPaths(String overlay) throws Exception {
    List<JsonNode> docs = render("../k8s/overlays/" + overlay);
    List<JsonNode> policies = ofKind(docs, "NetworkPolicy");
    assertThat(policies)
        .as("a default deny of both directions for every pod")
        .anySatisfy(
            p -> {
              assertThat(p.at("/spec/podSelector").size()).isZero();
              assertThat(p.at("/spec/policyTypes").toString()).contains("Ingress", "Egress");
              assertThat(p.at("/spec/ingress").isMissingNode()).isTrue();
              assertThat(p.at("/spec/egress").isMissingNode()).isTrue();
            });
    NetworkModel net = new NetworkModel(docs);
    Map<String, Set<String>> calls =
        Map.of(
            "capture-service", Set.of("routing-service", "notify-service", "sla-service"),
            "routing-service", Set.of("notify-service", "sla-service", "capture-service"),
            "sla-service", Set.of("routing-service", "notify-service"),
            "notify-service", Set.of("sla-service"));
    // Salesforce and HubSpot: capture polls new CRM leads, routing syncs CRM users to reps,
    // notify writes owners back. sla never leaves the cluster.
    Set<String> crmClients = Set.of("capture-service", "routing-service", "notify-service");
    for (String from : SERVICES) {
      for (String to : SERVICES) {
        boolean expected = calls.get(from).contains(to);
        assertThat(net.podToPod(from, to, "grpc"))
            .as(overlay + ": " + from + " -> " + to + " gRPC")
            .isEqualTo(expected);
      }
      assertThat(net.podToPod(from, "postgres", "5432")).as(from + " -> PostgreSQL").isTrue();
      assertThat(net.fromNamespace("leadrouter.dev/monitoring", from, "management"))
          .as("Prometheus -> " + from + " management port")
          .isTrue();
      assertThat(net.fromNamespace("leadrouter.dev/monitoring", from, "grpc"))
          .as("Prometheus -> " + from + " gRPC")
          .isFalse();
      assertThat(net.toInternet(from, 443))
          .as(from + " -> the internet over 443")
          .isEqualTo(crmClients.contains(from));
    }
    assertThat(net.toInternet("notify-service", 587)).as("notify -> SMTP submission").isTrue();
    assertThat(net.toInternet("notify-service", 5432)).as("notify -> a random port").isFalse();
    assertThat(net.fromNamespace("leadrouter.dev/ingress", "capture-service", "http")).isTrue();
    assertThat(net.fromNamespace("leadrouter.dev/ingress", "sla-service", "http")).isTrue();
    assertThat(net.fromNamespace("leadrouter.dev/ingress", "routing-service", "http")).isFalse();
    assertThat(net.fromNamespace("leadrouter.dev/ingress", "capture-service", "grpc")).isFalse();
  }

  /** Only capture's doors, sla's ack and touch webhook and notify's Twilio callbacks are public. */
  @Test
  void publicRoutesExposeOnlyThePublicDoors() throws Exception {
    List<JsonNode> prod = render("../k8s/overlays/prod");
    JsonNode gateway = single(prod, "Gateway");
    assertThat(gateway.at("/metadata/annotations/cert-manager.io~1cluster-issuer").asText())
        .isNotBlank();
    assertThat(gateway.at("/spec/listeners/0/protocol").asText()).isEqualTo("HTTPS");
    JsonNode route = single(prod, "HTTPRoute");
    Map<String, Set<String>> pathsByBackend = new java.util.TreeMap<>();
    for (JsonNode rule : route.at("/spec/rules")) {
      for (JsonNode backend : rule.at("/backendRefs")) {
        String key = backend.at("/name").asText() + ":" + backend.at("/port").asInt();
        for (JsonNode m : rule.at("/matches")) {
          pathsByBackend
              .computeIfAbsent(key, k -> new java.util.TreeSet<>())
              .add(m.at("/path/value").asText());
        }
      }
    }
    assertThat(pathsByBackend)
        .containsOnlyKeys("capture-service:8101", "sla-service:8104", "notify-service:8103");
    assertThat(pathsByBackend.get("sla-service:8104"))
        .containsExactlyInAnyOrder("/v1/ack", "/v1/touches/webhook");
    assertThat(pathsByBackend.get("notify-service:8103")).containsExactly("/v1/twilio/");
    String host = route.at("/spec/hostnames/0").asText();
    Map<String, String> config = config(prod);
    assertThat(config.get("NOTIFY_ACK_BASE_URL"))
        .as("ack links point at the public host, over TLS")
        .isEqualTo("https://" + host);
    assertThat(config.get("LEADROUTER_DB_URL")).contains("sslmode=verify-full");

    // The Ingress alternative renders with the same doors.
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("k8s-ingress");
    java.nio.file.Path components =
        java.nio.file.Path.of("../k8s/components").toAbsolutePath().normalize();
    java.nio.file.Files.writeString(
        dir.resolve("kustomization.yaml"),
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncomponents:\n  - "
            + dir.relativize(components.resolve("ingress"))
            + "\n");
    JsonNode ingress = single(render(dir.toString()), "Ingress");
    Set<String> backends = new HashSet<>();
    for (JsonNode path : ingress.at("/spec/rules/0/http/paths")) {
      backends.add(
          path.at("/backend/service/name").asText()
              + ":"
              + path.at("/backend/service/port/number").asInt());
    }
    assertThat(backends).isEqualTo(pathsByBackend.keySet());
    assertThat(ingress.at("/spec/tls/0/hosts/0").asText()).isEqualTo(host);
  }

  /** KEDA scales each consumer on its outbox backlog (plus CPU); images are pinned by digest. */
  @Test
  void prodScalesOnOutboxBacklogWithKeda() throws Exception {
    List<JsonNode> prod = render("../k8s/overlays/prod");
    assertThat(ofKind(prod, "HorizontalPodAutoscaler")).as("no home-made HPA").isEmpty();
    List<JsonNode> scalers = ofKind(prod, "ScaledObject");
    assertThat(scalers.stream().map(s -> s.at("/spec/scaleTargetRef/name").asText()))
        .containsExactlyInAnyOrderElementsOf(SERVICES);
    for (JsonNode so : scalers) {
      String target = so.at("/spec/scaleTargetRef/name").asText();
      assertThat(so.at("/spec/minReplicaCount").asInt()).as(target).isGreaterThanOrEqualTo(2);
      assertThat(so.at("/spec/maxReplicaCount").asInt())
          .isGreaterThanOrEqualTo(so.at("/spec/minReplicaCount").asInt());
      Set<String> types = new HashSet<>();
      so.at("/spec/triggers").forEach(t -> types.add(t.at("/type").asText()));
      assertThat(types).as(target).contains("cpu");
      if (!target.equals("capture-service")) {
        JsonNode pg = trigger(so, "postgresql");
        String consumer = target.replace("-service", "");
        assertThat(pg.at("/metadata/query").asText())
            .as(target + " scales on the rows it consumes")
            .isEqualTo("SELECT monitoring.outbox_backlog('" + consumer + "')");
        assertThat(pg.at("/metricType").asText())
            .as("one deployment-wide number divided by the target")
            .isEqualTo("AverageValue");
        assertThat(pg.at("/metadata/sslmode").asText()).isNotEqualTo("disable");
        assertThat(single(prod, "TriggerAuthentication").at("/metadata/name").asText())
            .isEqualTo(pg.at("/authenticationRef/name").asText());
      }
    }
    for (JsonNode d : ofKind(prod, "Deployment")) {
      for (JsonNode c : d.at("/spec/template/spec/containers")) {
        assertThat(c.at("/image").asText()).as("pinned by digest").contains("@sha256:");
      }
      if (!SERVICES.contains(d.at("/metadata/name").asText())) {
        continue; // the console: one replica (sessions in memory), nothing to spread
      }
      assertThat(d.at("/spec/template/spec/topologySpreadConstraints/1/whenUnsatisfiable").asText())
          .as("zone spread is enforced in prod")
          .isEqualTo("DoNotSchedule");
    }
  }

  /** PostgreSQL: a CloudNativePG Cluster, TLS only, a migration owner and a user per service. */
  @Test
  void prodRunsPostgresWithPerServiceUsers() throws Exception {
    List<JsonNode> prod = render("../k8s/overlays/prod");
    JsonNode cluster = single(prod, "Cluster");
    assertThat(cluster.at("/apiVersion").asText()).startsWith("postgresql.cnpg.io/");
    assertThat(cluster.at("/spec/instances").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(cluster.at("/spec/inheritedMetadata/labels/leadrouter.dev~1postgres").asText())
        .as("instances carry the label the services' egress allows")
        .isEqualTo("true");
    assertThat(cluster.at("/spec/bootstrap/initdb/secret/name").asText())
        .isEqualTo("leadrouter-migrator-db");
    assertThat(cluster.at("/spec/postgresql/pg_hba").toString()).contains("hostssl");
    Set<String> roleSecrets = new HashSet<>();
    cluster
        .at("/spec/managed/roles")
        .forEach(r -> roleSecrets.add(r.at("/passwordSecret/name").asText()));
    for (String service : SERVICES) {
      assertThat(roleSecrets).contains(service + "-db");
    }
    String sql = cluster.at("/spec/bootstrap/initdb/postInitApplicationSQL").toString();
    for (String schema : List.of("capture", "routing", "notify", "sla")) {
      assertThat(sql)
          .contains("GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO " + schema + "_app")
          .doesNotContain("GRANT CREATE ON SCHEMA " + schema);
    }
    int maxConnections = cluster.at("/spec/postgresql/parameters/max_connections").asInt();
    Map<String, String> config = config(prod);
    int budget = 0;
    for (JsonNode so : ofKind(prod, "ScaledObject")) {
      String service = so.at("/spec/scaleTargetRef/name").asText();
      String prefix = service.replace("-service", "").toUpperCase(java.util.Locale.ROOT);
      int pool = Integer.parseInt(config.get(prefix + "_DB_POOL_SIZE"));
      // + 2 LISTEN connections (relay, routing's snapshot), + the relay's heartbeat connection,
      // + 1 surge pod during a rollout.
      budget += (so.at("/spec/maxReplicaCount").asInt() + 1) * (pool + 3);
    }
    assertThat(budget)
        .as("connections at maximum scale must leave room for migrations, KEDA, replication")
        .isLessThan(maxConnections - 20);
  }

  /** Prometheus Operator scrapes the management ports and alerts on what needs a human. */
  @Test
  void prodIsScrapedAndAlerted() throws Exception {
    List<JsonNode> prod = render("../k8s/overlays/prod");
    JsonNode monitor = single(prod, "ServiceMonitor");
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("management");
    for (String service : SERVICES) {
      JsonNode svc =
          ofKind(prod, "Service").stream()
              .filter(s -> s.at("/metadata/name").asText().equals(service))
              .findFirst()
              .orElseThrow();
      assertThat(svc.at("/spec/ports").findValuesAsText("name")).contains("management");
    }
    String rules = single(prod, "PrometheusRule").at("/spec/groups").toString();
    assertThat(rules)
        .contains(
            "leadrouter_outbox_oldest_age_seconds",
            "dead_letter",
            "routing_unroutable_total",
            "sla_clocks_breached_total",
            "leadrouter_notify_channel_paused");
  }

  private static JsonNode trigger(JsonNode scaledObject, String type) {
    for (JsonNode t : scaledObject.at("/spec/triggers")) {
      if (t.at("/type").asText().equals(type)) {
        return t;
      }
    }
    throw new AssertionError("no " + type + " trigger in " + scaledObject.at("/metadata/name"));
  }

  private static JsonNode single(List<JsonNode> docs, String kind) {
    List<JsonNode> found = ofKind(docs, kind);
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  private static JsonNode deployment(List<JsonNode> docs, String name) {
    return ofKind(docs, "Deployment").stream()
        .filter(d -> d.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, String> config(List<JsonNode> docs) {
    Map<String, String> out = new java.util.HashMap<>();
    ofKind(docs, "ConfigMap").stream()
        .filter(c -> c.at("/metadata/name").asText().startsWith("leadrouter-config"))
        .forEach(c -> out.putAll(labels(c.at("/data"))));
    return out;
  }

  private static int seconds(String duration) {
    assertThat(duration).matches("\\d+s");
    return Integer.parseInt(duration.substring(0, duration.length() - 1));
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode e : container.at("/env")) {
      if (e.at("/name").asText().equals(name)) {
        return e.at("/value").asText();
      }
    }
    return "";
  }

  /** Secret names a container reads (generated names lose their hash suffix). */
  private static Set<String> secretsReferenced(JsonNode container) {
    Set<String> out = new HashSet<>();
    for (JsonNode from : container.at("/envFrom")) {
      if (from.has("secretRef")) {
        out.add(unhashed(from.at("/secretRef/name").asText()));
      }
    }
    for (JsonNode e : container.at("/env")) {
      if (e.has("valueFrom") && e.at("/valueFrom").has("secretKeyRef")) {
        out.add(unhashed(e.at("/valueFrom/secretKeyRef/name").asText()));
      }
    }
    return out;
  }

  /** Keys of every Secret the overlay creates: generated Secrets, or ExternalSecret targets. */
  /** Secrets a container starts without (envFrom with {@code optional: true}). */
  private static Set<String> optionalSecrets(JsonNode container) {
    Set<String> out = new HashSet<>();
    for (JsonNode from : container.at("/envFrom")) {
      if (from.at("/secretRef/optional").asBoolean(false)) {
        out.add(unhashed(from.at("/secretRef/name").asText()));
      }
    }
    return out;
  }

  private static Map<String, Set<String>> secretKeys(List<JsonNode> docs) {
    Map<String, Set<String>> out = new java.util.HashMap<>();
    for (JsonNode s : ofKind(docs, "Secret")) {
      out.put(unhashed(s.at("/metadata/name").asText()), labels(s.at("/data")).keySet());
    }
    for (JsonNode s : ofKind(docs, "ExternalSecret")) {
      Set<String> keys = new HashSet<>(s.at("/spec/data").findValuesAsText("secretKey"));
      out.put(s.at("/spec/target/name").asText(), keys);
    }
    return out;
  }

  private static String unhashed(String name) {
    return name.replaceFirst("-[a-z0-9]{10}$", "");
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
