package org.raktakosh.stability.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.raktakosh.stability.servlet.CorsConfig;
import org.raktakosh.stability.servlet.TrustedHostConfig;
import org.raktakosh.stability.servlet.internal.AccessProperties;
import org.raktakosh.stability.servlet.internal.SettingException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@code stability.cors.*} and {@code stability.trusted-hosts.*} into the filters'
 * configurations through the same reader the plain-servlet installer uses (so profiles, path rules
 * and inheritance mean the same), failing start-up with the key named.
 */
final class AccessSettings {

  private AccessSettings() {}

  /** The CORS configuration for {@code cors}. */
  static CorsConfig corsConfig(StabilityProperties.Cors cors) {
    Map<String, String> keys = new LinkedHashMap<>();
    if (cors.getProfile() != null) {
      keys.put("profile", cors.getProfile());
    }
    keys.put("trust-forwarded-headers", Boolean.toString(cors.isTrustForwardedHeaders()));
    flatten(keys, "", cors);
    cors.getProfiles().forEach((name, policy) -> flatten(keys, "profiles." + name + ".", policy));
    cors.getPaths().forEach((pattern, policy) -> flatten(keys, "paths[" + pattern + "].", policy));
    try {
      return AccessProperties.cors(keys);
    } catch (SettingException e) {
      throw new InvalidConfigurationPropertyValueException(e.key(), e.value(), e.reason());
    }
  }

  /** The trusted-host configuration for {@code hosts}. */
  static TrustedHostConfig trustedHostConfig(StabilityProperties.TrustedHosts hosts) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("allowed-hosts", String.join(",", hosts.getAllowedHosts()));
    keys.put("excluded-paths", String.join(",", hosts.getExcludedPaths()));
    keys.put("trust-forwarded-headers", Boolean.toString(hosts.isTrustForwardedHeaders()));
    try {
      return AccessProperties.trustedHosts(keys);
    } catch (SettingException e) {
      throw new InvalidConfigurationPropertyValueException(e.key(), e.value(), e.reason());
    }
  }

  private static void flatten(
      Map<String, String> keys, String prefix, StabilityProperties.CorsPolicyProperties policy) {
    put(keys, prefix + "allowed-origins", policy.getAllowedOrigins());
    put(keys, prefix + "allowed-origin-patterns", policy.getAllowedOriginPatterns());
    put(keys, prefix + "allowed-methods", policy.getAllowedMethods());
    put(keys, prefix + "allowed-headers", policy.getAllowedHeaders());
    put(keys, prefix + "exposed-headers", policy.getExposedHeaders());
    put(keys, prefix + "allow-credentials", policy.getAllowCredentials());
    put(keys, prefix + "max-age", policy.getMaxAge());
    put(keys, prefix + "allow-private-network", policy.getAllowPrivateNetwork());
    put(keys, prefix + "allow-null-origin", policy.getAllowNullOrigin());
    put(keys, prefix + "reject-disallowed-origins", policy.getRejectDisallowedOrigins());
  }

  private static void put(Map<String, String> keys, String key, Object value) {
    if (value instanceof List<?> list) {
      keys.put(key, String.join(",", list.stream().map(String::valueOf).toList()));
    } else if (value instanceof Duration duration) {
      keys.put(key, duration.toString());
    } else if (value != null) {
      keys.put(key, value.toString());
    }
  }
}
