package org.raktakosh.stability.servlet.internal;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code application/x-www-form-urlencoded} text (a query string, a form body) into request
 * parameters, as a container does for the body it reads itself: pairs split on {@code &}, name and
 * value on the first {@code =}, {@code +} and {@code %XX} decoded in the given charset; a pair that
 * does not decode, or has no name, is skipped (Tomcat and Jetty skip them too).
 */
final class FormParameters {

  private final Map<String, List<String>> values = new LinkedHashMap<>();
  private final int maxParameters;
  private int count;

  /** Collects up to {@code maxParameters} pairs. */
  FormParameters(int maxParameters) {
    this.maxParameters = maxParameters;
  }

  /**
   * Adds the pairs of {@code text}, after those added before.
   *
   * @return false if that would make more than {@code maxParameters} pairs (none past it is added)
   */
  boolean add(String text, Charset charset) {
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('&', start);
      if (end < 0) {
        end = text.length();
      }
      if (end > start) {
        if (count == maxParameters) {
          return false;
        }
        String pair = text.substring(start, end);
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        String value = equals < 0 ? "" : pair.substring(equals + 1);
        try {
          name = URLDecoder.decode(name, charset);
          value = URLDecoder.decode(value, charset);
          if (!name.isEmpty()) {
            values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            count++;
          }
        } catch (IllegalArgumentException undecodable) {
          // skipped, as containers do
        }
      }
      start = end + 1;
    }
    return true;
  }

  /** The parameters in the order they came, each with its values (unmodifiable). */
  Map<String, String[]> toMap() {
    Map<String, String[]> map = new LinkedHashMap<>();
    values.forEach((name, list) -> map.put(name, list.toArray(new String[0])));
    return Collections.unmodifiableMap(map);
  }
}
