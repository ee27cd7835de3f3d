package org.raktakosh.stability.servlet.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.raktakosh.stability.internal.config.Durations;
import org.raktakosh.stability.servlet.CorsConfig;
import org.raktakosh.stability.servlet.CorsPolicy;
import org.raktakosh.stability.servlet.TrustedHostConfig;

/**
 * Builds {@link CorsConfig} from the {@code stability.cors.*} keys and {@link TrustedHostConfig}
 * from {@code stability.trusted-hosts.*}, for both the plain-servlet properties and the Spring
 * starter (which flattens its bound properties into the same keys). A bad value fails with a {@link
 * SettingException} naming the key.
 *
 * <p>CORS keys: the policy keys ({@code allowed-origins}, {@code allowed-origin-patterns}, {@code
 * allowed-methods}, {@code allowed-headers}, {@code exposed-headers}, {@code allow-credentials},
 * {@code max-age}, {@code allow-private-network}, {@code allow-null-origin}, {@code
 * reject-disallowed-origins}) directly under {@code stability.cors.}, under {@code
 * stability.cors.profiles.<name>.} and under {@code stability.cors.paths[<pattern>].}; plus {@code
 * profile} (the active profile) and {@code trust-forwarded-headers}. Profiles and path rules start
 * from the keys set directly under {@code stability.cors.} and override them.
 */
public final class AccessProperties {

  /** Prefix of the CORS keys. */
  public static final String CORS = "stability.cors.";

  /** Prefix of the trusted-host keys. */
  public static final String TRUSTED_HOSTS = "stability.trusted-hosts.";

  private static final String PROFILES = "profiles.";
  private static final String PATHS = "paths[";

  private AccessProperties() {}

  /**
   * The CORS configuration of {@code keys}, given relative to {@value #CORS} ({@code enabled} is
   * ignored: the caller decides).
   *
   * @throws SettingException naming the first bad key
   */
  public static CorsConfig cors(Map<String, String> keys) {
    Map<String, String> base = new TreeMap<>();
    Map<String, Map<String, String>> profiles = new TreeMap<>();
    Map<String, Map<String, String>> paths = new LinkedHashMap<>();
    String profile = null;
    boolean trustForwarded = false;
    for (Map.Entry<String, String> entry : new TreeMap<>(keys).entrySet()) {
      String key = entry.getKey();
      String value = entry.getValue().trim();
      if (key.equals("enabled")) {
        continue;
      } else if (key.equals("profile")) {
        profile = value;
      } else if (key.equals("trust-forwarded-headers")) {
        trustForwarded = bool(CORS + key, value);
      } else if (key.startsWith(PROFILES) && key.indexOf('.', PROFILES.length()) > 0) {
        int dot = key.indexOf('.', PROFILES.length());
        profiles
            .computeIfAbsent(key.substring(PROFILES.length(), dot), k -> new TreeMap<>())
            .put(key.substring(dot + 1), value);
      } else if (key.startsWith(PATHS) && key.indexOf("].", PATHS.length()) > 0) {
        int close = key.indexOf("].", PATHS.length());
        paths
            .computeIfAbsent(key.substring(PATHS.length(), close), k -> new TreeMap<>())
            .put(key.substring(close + 2), value);
      } else {
        base.put(key, value);
      }
    }
    CorsConfig.Builder config = CorsConfig.custom().trustForwardedHeaders(trustForwarded);
    config.policy(policy(CORS, base, Map.of()));
    for (Map.Entry<String, Map<String, String>> entry : profiles.entrySet()) {
      String prefix = CORS + PROFILES + entry.getKey() + ".";
      config.profile(entry.getKey(), policy(prefix, base, entry.getValue()));
    }
    for (Map.Entry<String, Map<String, String>> entry : paths.entrySet()) {
      String prefix = CORS + PATHS + entry.getKey() + "].";
      try {
        config.path(entry.getKey(), policy(prefix, base, entry.getValue()));
      } catch (SettingException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new SettingException(CORS + PATHS + entry.getKey() + "]", entry.getKey(), e);
      }
    }
    try {
      return config.activeProfile(profile).build();
    } catch (IllegalArgumentException e) {
      throw new SettingException(CORS + "profile", profile, e);
    }
  }

  /**
   * The trusted-host configuration of {@code keys}, given relative to {@value #TRUSTED_HOSTS}
   * ({@code enabled} is ignored).
   *
   * @throws SettingException naming the first bad key
   */
  public static TrustedHostConfig trustedHosts(Map<String, String> keys) {
    TrustedHostConfig.Builder builder = TrustedHostConfig.custom();
    for (Map.Entry<String, String> entry : new TreeMap<>(keys).entrySet()) {
      String key = TRUSTED_HOSTS + entry.getKey();
      String value = entry.getValue().trim();
      try {
        switch (entry.getKey()) {
          case "enabled":
            break;
          case "allowed-hosts":
            builder.allowedHosts(list(value));
            break;
          case "excluded-paths":
            builder.excludedPaths(list(value));
            break;
          case "trust-forwarded-headers":
            builder.trustForwardedHeaders(bool(key, value));
            break;
          default:
            throw Values.unknown(key);
        }
      } catch (SettingException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new SettingException(key, value, e);
      }
    }
    return builder.build();
  }

  private static CorsPolicy policy(
      String prefix, Map<String, String> base, Map<String, String> specific) {
    CorsPolicy.Builder builder = CorsPolicy.custom();
    Map<String, String> keyOf = new LinkedHashMap<>();
    Map<String, String> merged = new TreeMap<>(base);
    merged.putAll(specific);
    for (Map.Entry<String, String> entry : merged.entrySet()) {
      String name = entry.getKey();
      String key = (specific.containsKey(name) ? prefix : CORS) + name;
      keyOf.put(name, key);
      String value = entry.getValue();
      try {
        apply(builder, key, name, value);
      } catch (SettingException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new SettingException(key, value, e);
      }
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      // The message starts with the setting at fault, such as "allowedOrigins must not be *".
      String setting = e.getMessage().split(" ", 2)[0];
      String name = kebab(setting);
      String key = keyOf.getOrDefault(name, prefix + name);
      throw new SettingException(key, merged.get(name), e);
    }
  }

  private static void apply(CorsPolicy.Builder builder, String key, String name, String value) {
    switch (name) {
      case "allowed-origins":
        builder.allowedOrigins(list(value));
        break;
      case "allowed-origin-patterns":
        builder.allowedOriginPatterns(list(value));
        break;
      case "allowed-methods":
        builder.allowedMethods(list(value));
        break;
      case "allowed-headers":
        builder.allowedHeaders(list(value));
        break;
      case "exposed-headers":
        builder.exposedHeaders(list(value));
        break;
      case "allow-credentials":
        builder.allowCredentials(bool(key, value));
        break;
      case "max-age":
        Duration maxAge = Durations.parse(key, value);
        builder.maxAge(maxAge);
        break;
      case "allow-private-network":
        builder.allowPrivateNetwork(bool(key, value));
        break;
      case "allow-null-origin":
        builder.allowNullOrigin(bool(key, value));
        break;
      case "reject-disallowed-origins":
        builder.rejectDisallowedOrigins(bool(key, value));
        break;
      default:
        throw Values.unknown(key);
    }
  }

  private static boolean bool(String key, String value) {
    try {
      return Values.bool(key, value);
    } catch (IllegalArgumentException e) {
      throw new SettingException(key, value, e);
    }
  }

  /** Comma-separated items, trimmed, blanks dropped; commas inside [...] (port lists) kept. */
  public static List<String> list(String value) {
    List<String> items = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= value.length(); i++) {
      char c = i < value.length() ? value.charAt(i) : ',';
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth = Math.max(0, depth - 1);
      } else if (c == ',' && depth == 0) {
        String item = value.substring(start, i).trim();
        if (!item.isEmpty()) {
          items.add(item);
        }
        start = i + 1;
      }
    }
    return items;
  }

  private static String kebab(String camel) {
    StringBuilder out = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('-').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }
}
