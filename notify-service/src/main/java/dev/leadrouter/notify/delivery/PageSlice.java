package dev.leadrouter.notify.delivery;

import dev.leadrouter.runtime.errors.InvalidInputException;
import dev.leadrouter.v1.PageRequest;

/**
 * A validated {@link PageRequest}: how many rows and from where.
 *
 * @param size rows per page: 0 asks for the default (50), more than 500 is coerced to 500
 * @param after position to continue after; null for the first page
 * @param filterFingerprint identifies the filters, so a token is only honoured with the filters it
 *     came from
 */
public record PageSlice(int size, PageToken after, String filterFingerprint) {
  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;

  public static PageSlice of(PageRequest page, String filterFingerprint) {
    if (page.getPageSize() < 0) {
      throw new InvalidInputException("page.page_size", "must not be negative");
    }
    int size = page.getPageSize() == 0 ? DEFAULT_SIZE : Math.min(page.getPageSize(), MAX_SIZE);
    return new PageSlice(
        size, PageToken.decode(page.getPageToken(), filterFingerprint), filterFingerprint);
  }
}
