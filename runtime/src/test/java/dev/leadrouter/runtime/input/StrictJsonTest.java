package dev.leadrouter.runtime.input;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leadrouter.runtime.errors.InvalidInputException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Regressions (issue 11): JSON the doors accepted or choked on. */
class StrictJsonTest {
  private static void check(String json) {
    StrictJson.check(json.getBytes(StandardCharsets.UTF_8), "body");
  }

  private static void refused(String json, String because) {
    assertThatThrownBy(() -> check(json))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(because)
        .message()
        .doesNotContain("com.")
        .doesNotContain("Exception");
  }

  @Test
  void acceptsOrdinaryJson() {
    assertThatCode(() -> check("{\"a\":{\"b\":[1,2,\"\\ud83d\\ude00\"]},\"c\":null}"))
        .doesNotThrowAnyException();
  }

  @Test
  void deepNestingIsRefusedWithoutRecursion() {
    refused("[".repeat(5000) + "]".repeat(5000), "nested deeper than 32");
  }

  @Test
  void trailingContentIsRefused() {
    refused("{\"a\":1} {\"b\":2}", "after the JSON value");
    refused("{\"a\":1}garbage", "malformed JSON");
  }

  @Test
  void duplicateKeysAreRefusedAtAnyLevel() {
    refused("{\"a\":{\"b\":1,\"b\":2}}", "a key appears twice");
  }

  @Test
  void loneSurrogatesAndNulAreRefused() {
    refused("{\"name\":\"x\\ud800y\"}", "lone surrogate");
    refused("{\"name\":\"\\udc00\"}", "lone surrogate");
    refused("{\"na\\u0000me\":1}", "NUL");
    refused("{\"name\":\"a\\u0000b\"}", "NUL");
  }

  @Test
  void rawControlCharactersInStringsAreRefused() {
    refused("{\"name\":\"a\u0000b\"}", "malformed JSON");
  }

  @Test
  void truncatedAndEmptyBodiesAreRefused() {
    refused("{\"a\":", "malformed JSON");
    refused("", "empty body");
  }
}
