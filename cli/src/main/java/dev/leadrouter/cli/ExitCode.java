package dev.leadrouter.cli;

/**
 * Exit codes scripts can rely on. 1 is a definite "no" (an invalid matrix, a refused request, or,
 * for {@code matrix diff}, differences found, as {@code diff(1)} does); the others say why nothing
 * could be decided.
 */
public final class ExitCode {
  public static final int OK = 0;
  public static final int REFUSED = 1;
  public static final int USAGE = 2;
  public static final int NOT_FOUND = 3;
  public static final int AUTH = 4;
  public static final int UNAVAILABLE = 5;

  private ExitCode() {}

  /** The exit code for an HTTP error status. */
  public static int forHttpStatus(int status) {
    if (status == 401 || status == 403) {
      return AUTH;
    } else if (status == 404) {
      return NOT_FOUND;
    } else if (status >= 500 || status == 429 || status == 0) {
      return UNAVAILABLE;
    }
    return REFUSED;
  }
}
