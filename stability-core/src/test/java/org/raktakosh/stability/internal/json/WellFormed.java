package org.raktakosh.stability.internal.json;

/** What {@link JsonWriter} promises for any string: lone surrogates become U+FFFD. */
public final class WellFormed {

  private WellFormed() {}

  /** {@code text} as the writer's output parses back. */
  public static String of(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        out.append(c).append(text.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
