package dev.leadrouter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Calls the HTTP/JSON API of one service. The API key goes in the Authorization header, never in a
 * URL; failures become {@link ApiException} carrying the server's problem+json.
 */
public final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final URI base;
  private final String apiKey;
  private final Duration timeout;

  public ApiClient(HttpClient http, URI base, String apiKey, Duration timeout) {
    this.http = http;
    this.base = base;
    this.apiKey = apiKey;
    this.timeout = timeout;
  }

  public JsonNode get(String path, Map<String, String> query) {
    return send("GET", path + queryString(query), null);
  }

  public JsonNode post(String path, Object body) {
    return send("POST", path, body);
  }

  public JsonNode put(String path, Object body) {
    return send("PUT", path, body);
  }

  public JsonNode patch(String path, Map<String, String> query, Object body) {
    return send("PATCH", path + queryString(query), body);
  }

  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String queryString(Map<String, String> query) {
    if (query == null || query.isEmpty()) {
      return "";
    }
    StringJoiner q = new StringJoiner("&", "?", "");
    query.forEach(
        (k, v) -> {
          if (v != null && !v.isEmpty()) {
            q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        });
    return q.length() == 1 ? "" : q.toString();
  }

  private JsonNode send(String method, String pathAndQuery, Object body) {
    String baseText = base.toString();
    URI uri =
        URI.create(
            (baseText.endsWith("/") ? baseText.substring(0, baseText.length() - 1) : baseText)
                + pathAndQuery);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    if (apiKey != null && !apiKey.isEmpty()) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    try {
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      }
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json = response.body().length == 0 ? JSON.createObjectNode() : parse(response);
      if (response.statusCode() >= 400) {
        String detail = json.path("detail").asText("");
        throw new ApiException(
            response.statusCode(),
            detail.isEmpty() ? "HTTP " + response.statusCode() + " from " + uri : detail,
            json);
      }
      return json;
    } catch (ConnectException e) {
      throw new ApiException(0, "cannot reach " + base + " (is the service running?)", null);
    } catch (IOException e) {
      throw new ApiException(0, "request to " + base + " failed: " + e.getMessage(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "interrupted", null);
    }
  }

  private static JsonNode parse(HttpResponse<byte[]> response) throws IOException {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new ApiException(
          response.statusCode(),
          "HTTP " + response.statusCode() + " with a body that is not JSON",
          null);
    }
  }
}
