package org.raktakosh.stability.servlet.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Adds names to a response's {@code Vary} header, merged with what is there: one header line, each
 * name once (compared case-insensitively, as field names are), nothing added after {@code Vary: *}
 * (which already says the response varies on everything).
 */
public final class VaryHeader {

  /** The header's name. */
  public static final String VARY = "Vary";

  private VaryHeader() {}

  /** Merges {@code names} into the {@code Vary} of {@code response}. */
  public static void add(HttpServletResponse response, String... names) {
    if (response.getHeader(VARY) == null) {
      // The common case, without parsing: no Vary yet.
      response.setHeader(VARY, names.length == 1 ? names[0] : String.join(", ", names));
      return;
    }
    List<String> present = new ArrayList<>();
    for (String line : response.getHeaders(VARY)) {
      for (String token : line.split(",")) {
        String name = token.trim();
        if (name.equals("*")) {
          return;
        }
        if (!name.isEmpty() && !containsIgnoreCase(present, name)) {
          present.add(name);
        }
      }
    }
    int before = present.size();
    for (String name : names) {
      if (!containsIgnoreCase(present, name)) {
        present.add(name);
      }
    }
    if (present.size() != before || response.getHeaders(VARY).size() > 1) {
      response.setHeader(VARY, String.join(", ", present));
    }
  }

  /** The names in {@code value}, a {@code Vary} field value, lower-cased. */
  public static List<String> parse(String value) {
    List<String> names = new ArrayList<>();
    if (value != null) {
      for (String token : value.split(",")) {
        String name = token.trim().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !names.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  private static boolean containsIgnoreCase(List<String> names, String name) {
    for (String present : names) {
      if (present.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
