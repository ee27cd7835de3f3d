package org.raktakosh.stability.internal.json;

import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the small, fixed-shape JSON documents Stability emits (health reports, problem details)
 * without a JSON library. Strings are escaped per RFC 8259: quotation mark, reverse solidus and
 * every control character below U+0020, plus U+2028/U+2029 so the output is also safe inside a
 * script; lone surrogates become U+FFFD so the output is always valid UTF-8 when encoded.
 *
 * <p>Values: {@code null}, {@link CharSequence}, {@link Boolean}, {@link Number} (non-finite
 * doubles become {@code null}), {@link Map} (keys by {@code toString()}), {@link Iterable}, arrays
 * of objects, {@link Optional}, temporal values and {@link Duration} (ISO-8601 strings), and
 * anything else by {@code toString()}.
 */
public final class JsonWriter {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonWriter() {}

  /** {@code value} as a JSON text. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder(128);
    writeValue(out, value);
    return out.toString();
  }

  /** Appends {@code value} as JSON to {@code out}. */
  public static void writeValue(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence) {
      writeString(out, (CharSequence) value);
    } else if (value instanceof Boolean) {
      out.append(((Boolean) value).booleanValue());
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isFinite(d)) {
        out.append(value);
      } else {
        out.append("null");
      }
    } else if (value instanceof Number) {
      out.append(value);
    } else if (value instanceof Map) {
      writeObject(out, (Map<?, ?>) value);
    } else if (value instanceof Iterable) {
      writeArray(out, (Iterable<?>) value);
    } else if (value instanceof Object[]) {
      writeArray(out, java.util.Arrays.asList((Object[]) value));
    } else if (value instanceof Optional) {
      writeValue(out, ((Optional<?>) value).orElse(null));
    } else if (value instanceof TemporalAccessor || value instanceof Duration) {
      writeString(out, value.toString());
    } else if (value instanceof Enum) {
      writeString(out, ((Enum<?>) value).name());
    } else {
      writeString(out, value.toString());
    }
  }

  private static void writeObject(StringBuilder out, Map<?, ?> map) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(out, String.valueOf(entry.getKey()));
      out.append(':');
      writeValue(out, entry.getValue());
    }
    out.append('}');
  }

  private static void writeArray(StringBuilder out, Iterable<?> items) {
    out.append('[');
    boolean first = true;
    for (Object item : items) {
      if (!first) {
        out.append(',');
      }
      first = false;
      writeValue(out, item);
    }
    out.append(']');
  }

  /** Appends {@code value} as a quoted, escaped JSON string. */
  public static void writeString(StringBuilder out, CharSequence value) {
    out.append('"');
    int length = value.length();
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            unicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c)) {
            if (i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
              out.append(c).append(value.charAt(++i));
            } else {
              out.append('\uFFFD');
            }
          } else if (Character.isLowSurrogate(c)) {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }
}
