package dev.leadrouter.runtime.http;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The OpenAPI 3.0 document of a service's HTTP/JSON routes, generated from the same protobuf
 * descriptors and {@code google.api.http} rules that the server routes by, so it cannot drift from
 * what is served. Schemas follow the proto3 JSON mapping (lowerCamelCase names, int64 as string,
 * enums by name, Timestamp as RFC 3339 string).
 */
public final class OpenApiDocument {
  private static final Set<String> AS_STRING =
      Set.of("google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.FieldMask");

  private OpenApiDocument() {}

  public static JsonObject of(String title, String version, List<HttpRoute> routes) {
    JsonObject schemas = new JsonObject().put("Problem", problemSchema());
    JsonObject paths = new JsonObject();
    for (HttpRoute route : routes) {
      JsonObject item = paths.getJsonObject(route.template());
      if (item == null) {
        item = new JsonObject();
        paths.put(route.template(), item);
      }
      item.put(route.httpMethod().toLowerCase(Locale.ROOT), operation(route, schemas));
    }
    return new JsonObject()
        .put("openapi", "3.0.3")
        .put("info", new JsonObject().put("title", title).put("version", version))
        .put("paths", paths)
        .put("security", new JsonArray().add(new JsonObject().put("bearer", new JsonArray())))
        .put(
            "components",
            new JsonObject()
                .put("schemas", schemas)
                .put(
                    "securitySchemes",
                    new JsonObject()
                        .put("bearer", new JsonObject().put("type", "http").put("scheme", "bearer"))
                        .put(
                            "apiKey",
                            new JsonObject()
                                .put("type", "apiKey")
                                .put("in", "header")
                                .put("name", "X-Api-Key"))));
  }

  private static JsonObject operation(HttpRoute route, JsonObject schemas) {
    Descriptor input = route.method().getInputType();
    Descriptor output = route.method().getOutputType();
    JsonObject op =
        new JsonObject()
            .put(
                "operationId",
                route.method().getService().getName()
                    + "_"
                    + route.method().getName()
                    + (route.template().equals(primaryTemplate(route))
                        ? ""
                        : "_"
                            + route.httpMethod()
                            + route.template().replaceAll("[^A-Za-z0-9]+", "_")))
            .put("tags", new JsonArray().add(route.method().getService().getName()))
            .put("summary", route.fullMethodName());
    JsonArray parameters = new JsonArray();
    List<String> pathVars = route.pathVariables();
    for (String var : pathVars) {
      parameters.add(
          new JsonObject()
              .put("name", var)
              .put("in", "path")
              .put("required", true)
              .put("schema", new JsonObject().put("type", "string")));
    }
    if (route.body().isEmpty()) {
      addQueryParameters(input, "", pathVars, parameters, schemas, 0);
    } else {
      Descriptor bodyType =
          route.body().equals("*") ? input : input.findFieldByName(route.body()).getMessageType();
      op.put(
          "requestBody",
          new JsonObject()
              .put("required", true)
              .put(
                  "content",
                  new JsonObject()
                      .put(
                          "application/json",
                          new JsonObject().put("schema", ref(bodyType, schemas)))));
    }
    if (!parameters.isEmpty()) {
      op.put("parameters", parameters);
    }
    op.put(
        "responses",
        new JsonObject()
            .put(
                "200",
                new JsonObject()
                    .put("description", output.getName())
                    .put(
                        "content",
                        new JsonObject()
                            .put(
                                "application/json",
                                new JsonObject().put("schema", ref(output, schemas)))))
            .put(
                "default",
                new JsonObject()
                    .put("description", "An error, as RFC 9457 problem details")
                    .put(
                        "content",
                        new JsonObject()
                            .put(
                                HttpProblem.MEDIA_TYPE,
                                new JsonObject()
                                    .put(
                                        "schema",
                                        new JsonObject()
                                            .put("$ref", "#/components/schemas/Problem"))))));
    return op;
  }

  private static String primaryTemplate(HttpRoute route) {
    // Additional bindings get their own operation id; the rule's first path keeps the plain one.
    var options = route.method().getOptions();
    if (options.hasExtension(com.google.api.AnnotationsProto.http)) {
      var rule = options.getExtension(com.google.api.AnnotationsProto.http);
      return switch (rule.getPatternCase()) {
        case GET -> rule.getGet();
        case POST -> rule.getPost();
        case PUT -> rule.getPut();
        case PATCH -> rule.getPatch();
        case DELETE -> rule.getDelete();
        default -> route.template();
      };
    }
    return route.template();
  }

  /** Query parameters: scalar fields, and the scalar fields of nested messages (page.page_size). */
  private static void addQueryParameters(
      Descriptor message,
      String prefix,
      List<String> pathVars,
      JsonArray parameters,
      JsonObject schemas,
      int depth) {
    for (FieldDescriptor f : message.getFields()) {
      String name = prefix + f.getName();
      if (pathVars.contains(name) || f.isMapField()) {
        continue;
      }
      boolean nested =
          f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
              && !AS_STRING.contains(f.getMessageType().getFullName());
      if (nested) {
        if (depth < 1 && !f.isRepeated()) {
          addQueryParameters(f.getMessageType(), name + ".", pathVars, parameters, schemas, 1);
        }
        continue;
      }
      JsonObject schema = fieldSchema(f, schemas);
      parameters.add(
          new JsonObject()
              .put("name", name)
              .put("in", "query")
              .put("required", false)
              .put("schema", schema));
    }
  }

  private static JsonObject ref(Descriptor message, JsonObject schemas) {
    String name = message.getFullName();
    if (!schemas.containsKey(name)) {
      schemas.put(name, new JsonObject()); // placeholder: recursive messages end here
      JsonObject properties = new JsonObject();
      for (FieldDescriptor f : message.getFields()) {
        properties.put(f.getJsonName(), fieldSchema(f, schemas));
      }
      schemas.put(name, new JsonObject().put("type", "object").put("properties", properties));
    }
    return new JsonObject().put("$ref", "#/components/schemas/" + name);
  }

  private static JsonObject fieldSchema(FieldDescriptor f, JsonObject schemas) {
    if (f.isMapField()) {
      FieldDescriptor value = f.getMessageType().findFieldByName("value");
      return new JsonObject()
          .put("type", "object")
          .put("additionalProperties", singleSchema(value, schemas));
    }
    JsonObject single = singleSchema(f, schemas);
    return f.isRepeated() ? new JsonObject().put("type", "array").put("items", single) : single;
  }

  private static JsonObject singleSchema(FieldDescriptor f, JsonObject schemas) {
    return switch (f.getJavaType()) {
      case INT -> new JsonObject().put("type", "integer").put("format", "int32");
      case LONG -> new JsonObject().put("type", "string").put("format", "int64");
      case FLOAT, DOUBLE -> new JsonObject().put("type", "number");
      case BOOLEAN -> new JsonObject().put("type", "boolean");
      case STRING -> new JsonObject().put("type", "string");
      case BYTE_STRING -> new JsonObject().put("type", "string").put("format", "byte");
      case ENUM -> {
        JsonArray values = new JsonArray();
        for (EnumValueDescriptor v : f.getEnumType().getValues()) {
          values.add(v.getName());
        }
        yield new JsonObject().put("type", "string").put("enum", values);
      }
      case MESSAGE -> messageSchema(f.getMessageType(), schemas);
    };
  }

  private static JsonObject messageSchema(Descriptor type, JsonObject schemas) {
    return switch (type.getFullName()) {
      case "google.protobuf.Timestamp" ->
          new JsonObject().put("type", "string").put("format", "date-time");
      case "google.protobuf.Duration" ->
          new JsonObject().put("type", "string").put("example", "1.5s");
      case "google.protobuf.FieldMask" ->
          new JsonObject().put("type", "string").put("example", "status,outOfOffice");
      default -> ref(type, schemas);
    };
  }

  private static JsonObject problemSchema() {
    JsonObject error =
        new JsonObject()
            .put("type", "object")
            .put(
                "properties",
                new JsonObject()
                    .put("field", new JsonObject().put("type", "string"))
                    .put("message", new JsonObject().put("type", "string")));
    return new JsonObject()
        .put("type", "object")
        .put(
            "properties",
            new JsonObject()
                .put("type", new JsonObject().put("type", "string"))
                .put("title", new JsonObject().put("type", "string"))
                .put("status", new JsonObject().put("type", "integer"))
                .put("detail", new JsonObject().put("type", "string"))
                .put("grpcStatus", new JsonObject().put("type", "string"))
                .put("errors", new JsonObject().put("type", "array").put("items", error)));
  }
}
