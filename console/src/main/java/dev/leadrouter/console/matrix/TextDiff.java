package dev.leadrouter.console.matrix;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.Arrays;
import java.util.List;

/** A unified diff (3 lines of context) between the published matrix and a draft. */
public final class TextDiff {
  private TextDiff() {}

  /** Diff lines, each starting with ' ', '+', '-' or '@'; empty when the texts are equal. */
  public static List<String> unified(String published, String draft) {
    List<String> before = lines(published);
    List<String> after = lines(draft);
    var patch = DiffUtils.diff(before, after);
    if (patch.getDeltas().isEmpty()) {
      return List.of();
    }
    return UnifiedDiffUtils.generateUnifiedDiff("published", "draft", before, patch, 3);
  }

  private static List<String> lines(String text) {
    return Arrays.asList(text.replace("\r\n", "\n").split("\n", -1));
  }
}
