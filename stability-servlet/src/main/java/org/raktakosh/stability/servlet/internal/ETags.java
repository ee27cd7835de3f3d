package org.raktakosh.stability.servlet.internal;

/**
 * The entity tag of the gzip variant of a representation: a strong {@code "abc"} becomes {@code
 * "abc--gzip"} (RFC 9110 section 8.8.3: a strong tag must differ between encodings), weak tags are
 * kept, since a weak tag promises only semantic equivalence. Conditional request headers get the
 * suffix taken off again, so the application compares against its own tags.
 */
public final class ETags {

  private static final String SUFFIX = "--gzip\"";

  private ETags() {}

  /** The tag of the gzip variant of {@code etag}; weak, absent or malformed tags as they are. */
  public static String toGzip(String etag) {
    if (etag == null || !isStrong(etag) || etag.endsWith(SUFFIX)) {
      return etag;
    }
    return etag.substring(0, etag.length() - 1) + SUFFIX;
  }

  /** {@code etag} without the gzip suffix. */
  public static String fromGzip(String etag) {
    if (etag != null
        && isStrong(etag)
        && etag.endsWith(SUFFIX)
        && etag.length() > SUFFIX.length()) {
      return etag.substring(0, etag.length() - SUFFIX.length()) + '"';
    }
    return etag;
  }

  /** Whether a {@code If-None-Match}/{@code If-Match} value names a gzip variant. */
  public static boolean namesGzipVariant(String header) {
    return header != null && header.contains(SUFFIX);
  }

  /**
   * {@code header} (a comma-separated list of entity tags, or {@code *}) with the gzip suffix taken
   * off every strong tag; the same string when there is none.
   */
  public static String stripGzip(String header) {
    if (!namesGzipVariant(header)) {
      return header;
    }
    StringBuilder out = new StringBuilder(header.length());
    int i = 0;
    while (i < header.length()) {
      int quote = header.indexOf('"', i);
      if (quote < 0) {
        out.append(header, i, header.length());
        break;
      }
      int close = header.indexOf('"', quote + 1);
      if (close < 0) {
        out.append(header, i, header.length());
        break;
      }
      boolean weak = quote >= 2 && header.startsWith("W/", quote - 2);
      String tag = header.substring(quote, close + 1);
      out.append(header, i, quote).append(weak ? tag : fromGzip(tag));
      i = close + 1;
    }
    return out.toString();
  }

  private static boolean isStrong(String etag) {
    return etag.length() >= 2 && etag.charAt(0) == '"' && etag.charAt(etag.length() - 1) == '"';
  }
}
