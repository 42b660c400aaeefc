package dev.leadrouter.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Enough of the NetworkPolicy semantics to answer "may A reach B on port P" for rendered manifests:
 * a pod selected by any policy of a direction is isolated in it, and then only a rule of one of
 * those policies whose peer and port both match lets traffic through. Both ends must allow it. Pods
 * are modelled with cluster addresses (10.0.0.0/8), the internet with a public address.
 */
final class NetworkModel {
  private record Pod(Map<String, String> labels, Map<String, Integer> ports) {}

  /** The other end of a connection: a pod of our namespace, another namespace, or an address. */
  private record Peer(Pod pod, String namespaceLabel, String ip) {}

  private static final String POD_IP = "10.1.2.3";
  private static final String PUBLIC_IP = "203.0.113.10";

  private final List<JsonNode> policies;
  private final Map<String, Pod> pods = new HashMap<>();

  NetworkModel(List<JsonNode> docs) {
    policies = docs.stream().filter(d -> d.at("/kind").asText().equals("NetworkPolicy")).toList();
    for (JsonNode d : docs) {
      String kind = d.at("/kind").asText();
      if (kind.equals("Deployment") || kind.equals("StatefulSet")) {
        Map<String, Integer> ports = new HashMap<>();
        for (JsonNode c : d.at("/spec/template/spec/containers")) {
          for (JsonNode p : c.at("/ports")) {
            ports.put(p.at("/name").asText(), p.at("/containerPort").asInt());
          }
        }
        Pod pod = new Pod(map(d.at("/spec/template/metadata/labels")), ports);
        pods.put(d.at("/metadata/name").asText(), pod);
        if (pod.labels().containsKey("leadrouter.dev/postgres")) {
          pods.put("postgres", pod);
        }
      }
      if (kind.equals("Cluster") && d.at("/apiVersion").asText().startsWith("postgresql.cnpg")) {
        Map<String, String> labels = map(d.at("/spec/inheritedMetadata/labels"));
        labels.put("cnpg.io/cluster", d.at("/metadata/name").asText());
        pods.put("postgres", new Pod(labels, Map.of("postgresql", 5432)));
      }
    }
  }

  boolean podToPod(String from, String to, String port) {
    Pod source = pod(from);
    Pod target = pod(to);
    int number = resolve(port, target);
    return allowed(source, "Egress", new Peer(target, null, POD_IP), number, target)
        && allowed(target, "Ingress", new Peer(source, null, POD_IP), number, target);
  }

  boolean fromNamespace(String namespaceLabel, String to, String port) {
    Pod target = pod(to);
    return allowed(
        target, "Ingress", new Peer(null, namespaceLabel, POD_IP), resolve(port, target), target);
  }

  boolean toInternet(String from, int port) {
    return allowed(pod(from), "Egress", new Peer(null, null, PUBLIC_IP), port, null);
  }

  private Pod pod(String name) {
    Pod pod = pods.get(name);
    if (pod == null) {
      throw new AssertionError("no pod " + name + " in the rendered manifests");
    }
    return pod;
  }

  private boolean allowed(Pod subject, String direction, Peer peer, int port, Pod target) {
    boolean isolated = false;
    for (JsonNode p : policies) {
      if (!selects(p.at("/spec/podSelector"), subject.labels())
          || !p.at("/spec/policyTypes").toString().contains(direction)) {
        continue;
      }
      isolated = true;
      String rules = direction.equals("Ingress") ? "/spec/ingress" : "/spec/egress";
      String peers = direction.equals("Ingress") ? "/from" : "/to";
      for (JsonNode rule : p.at(rules)) {
        if (peerMatches(rule.at(peers), peer) && portMatches(rule.at("/ports"), port, target)) {
          return true;
        }
      }
    }
    return !isolated;
  }

  private static boolean peerMatches(JsonNode peers, Peer peer) {
    if (peers.isMissingNode() || peers.isEmpty()) {
      return true;
    }
    for (JsonNode p : peers) {
      if (p.has("ipBlock")) {
        if (inBlock(peer.ip(), p.at("/ipBlock"))) {
          return true;
        }
        continue;
      }
      boolean namespaceOk =
          p.has("namespaceSelector")
              ? peer.namespaceLabel() != null
                  && selects(p.at("/namespaceSelector"), Map.of(peer.namespaceLabel(), "true"))
              : peer.pod() != null;
      boolean podOk =
          !p.has("podSelector")
              || (peer.pod() != null && selects(p.at("/podSelector"), peer.pod().labels()))
              || (peer.pod() == null && p.at("/podSelector").isEmpty());
      if (namespaceOk && podOk) {
        return true;
      }
    }
    return false;
  }

  private static boolean portMatches(JsonNode ports, int port, Pod target) {
    if (ports.isMissingNode() || ports.isEmpty()) {
      return true;
    }
    for (JsonNode p : ports) {
      JsonNode value = p.at("/port");
      int number =
          value.isInt()
              ? value.asInt()
              : target == null ? -1 : target.ports().getOrDefault(value.asText(), -1);
      if (number == port) {
        return true;
      }
    }
    return false;
  }

  private static int resolve(String port, Pod target) {
    if (port.matches("\\d+")) {
      return Integer.parseInt(port);
    }
    Integer number = target.ports().get(port);
    if (number == null) {
      throw new AssertionError("no port named " + port + " on " + target.labels());
    }
    return number;
  }

  private static boolean selects(JsonNode selector, Map<String, String> labels) {
    JsonNode match = selector.at("/matchLabels");
    for (Iterator<Map.Entry<String, JsonNode>> it = match.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean inBlock(String ip, JsonNode block) {
    if (!inCidr(ip, block.at("/cidr").asText())) {
      return false;
    }
    for (JsonNode except : block.at("/except")) {
      if (inCidr(ip, except.asText())) {
        return false;
      }
    }
    return true;
  }

  private static boolean inCidr(String ip, String cidr) {
    try {
      String[] parts = cidr.split("/");
      int bits = Integer.parseInt(parts[1]);
      long mask = bits == 0 ? 0 : -1L << (32 - bits) & 0xFFFFFFFFL;
      return (toLong(ip) & mask) == (toLong(parts[0]) & mask);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static long toLong(String ip) throws UnknownHostException {
    long out = 0;
    for (byte b : InetAddress.getByName(ip).getAddress()) {
      out = out << 8 | (b & 0xFF);
    }
    return out;
  }

  private static Map<String, String> map(JsonNode node) {
    Map<String, String> out = new HashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }
}
