package dev.leadrouter.runtime.http;

import com.google.protobuf.Descriptors;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Builds the JSON form of a gRPC request from an HTTP request: the body goes where the rule's
 * {@code body} says, then path variables and query parameters are set on top.
 *
 * <p>Vert.x's own weaving puts the body last, so {@code PATCH /v1/reps/{rep.rep_id}} with {@code
 * body: "rep"} lost the rep id from the path; it also cannot fill repeated fields from repeated
 * query parameters. This one knows the request message, so {@code ?exclude_rep_ids=a} becomes a
 * list.
 */
final class JsonRequestWeaver {
  private JsonRequestWeaver() {}

  /**
   * @param bindings path and query values by dotted field path, in request order
   */
  static Buffer weave(
      Buffer httpBody,
      String bodyPath,
      List<Map.Entry<List<String>, String>> bindings,
      Descriptors.Descriptor request) {
    JsonObject result = new JsonObject();
    String raw = httpBody == null ? "" : httpBody.toString();
    if (bodyPath != null && !bodyPath.isEmpty() && !raw.isBlank()) {
      JsonObject body = new JsonObject(raw);
      if (bodyPath.equals("*")) {
        result = body;
      } else {
        objectAt(result, List.of(bodyPath.split("\\."))).mergeIn(body, true);
      }
    }
    for (Map.Entry<List<String>, String> b : bindings) {
      List<String> path = b.getKey();
      JsonObject parent = objectAt(result, path.subList(0, path.size() - 1));
      String name = path.get(path.size() - 1);
      if (isRepeated(request, path)) {
        JsonArray values = parent.getJsonArray(name);
        if (values == null) {
          values = new JsonArray();
          parent.put(name, values);
        }
        values.add(b.getValue());
      } else {
        parent.put(name, b.getValue());
      }
    }
    return result.toBuffer();
  }

  private static JsonObject objectAt(JsonObject root, List<String> path) {
    JsonObject current = root;
    for (String name : path) {
      Object next = current.getValue(name);
      if (!(next instanceof JsonObject)) {
        next = new JsonObject();
        current.put(name, next);
      }
      current = (JsonObject) next;
    }
    return current;
  }

  private static boolean isRepeated(Descriptors.Descriptor message, List<String> path) {
    Descriptors.Descriptor current = message;
    Descriptors.FieldDescriptor field = null;
    for (String name : path) {
      if (current == null) {
        return false;
      }
      field = current.findFieldByName(name);
      if (field == null) {
        field = jsonNamed(current, name);
      }
      if (field == null) {
        return false;
      }
      current =
          field.getJavaType() == Descriptors.FieldDescriptor.JavaType.MESSAGE
              ? field.getMessageType()
              : null;
    }
    return field != null && field.isRepeated() && !field.isMapField();
  }

  private static Descriptors.FieldDescriptor jsonNamed(Descriptors.Descriptor m, String name) {
    for (Descriptors.FieldDescriptor f : m.getFields()) {
      if (f.getJsonName().equals(name)) {
        return f;
      }
    }
    return null;
  }
}
