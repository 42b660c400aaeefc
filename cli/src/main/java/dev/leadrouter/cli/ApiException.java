package dev.leadrouter.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** A request the server refused or could not answer; {@code problem} is its problem+json body. */
public final class ApiException extends RuntimeException {
  private final int status;
  private final transient JsonNode problem;

  public ApiException(int status, String message, JsonNode problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }

  /** HTTP status, or 0 when the server could not be reached. */
  public int status() {
    return status;
  }

  /** The problem+json body, or null. */
  public JsonNode problem() {
    return problem;
  }
}
