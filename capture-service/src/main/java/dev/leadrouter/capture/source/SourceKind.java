package dev.leadrouter.capture.source;

/** How a source's requests are read. */
public enum SourceKind {
  /** {@code POST /v1/leads}: the lead as protobuf JSON. */
  JSON,
  /** {@code POST /v1/forms/{id}}: an HTML form post, Web-to-Lead field names understood. */
  FORM,
  /** {@code POST /v1/webhooks/{id}}: a HubSpot form-submission payload. */
  HUBSPOT,
  /**
   * {@code POST /v1/webhooks/{id}}: any JSON object, fields picked by the source's mapping (JSON
   * paths).
   */
  MAPPED
}
