package org.raktakosh.stability.servlet.internal;

import java.net.URI;
import java.util.Properties;
import java.util.TreeSet;
import org.raktakosh.stability.internal.config.Durations;
import org.raktakosh.stability.servlet.WarmupConfig;

/**
 * Reads the {@code stability.warmup.*} keys of a {@link Properties}, the keys the Spring starter
 * binds. Every value is checked whether or not the warm-up is enabled; {@code paths} is required
 * only when it is. A bad or unknown key fails naming it.
 */
public final class WarmupProperties {

  private static final String PREFIX = "stability.warmup.";

  private final boolean enabled;
  private final WarmupConfig config;

  private WarmupProperties(Properties properties) {
    boolean master = Values.bool(properties, "stability.enabled", true);
    boolean on = false;
    WarmupConfig.Builder builder = WarmupConfig.custom();
    boolean anyPath = false;
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      String value = properties.getProperty(key).trim();
      try {
        switch (key.substring(PREFIX.length())) {
          case "enabled":
            on = Values.bool(key, value);
            break;
          case "paths":
            builder.paths(Values.list(value));
            anyPath |= !Values.list(value).isEmpty();
            break;
          case "requests":
            builder.requests(Values.integer(key, value));
            break;
          case "concurrency":
            builder.concurrency(Values.integer(key, value));
            break;
          case "timeout":
            builder.timeout(Durations.parse(key, value));
            break;
          case "base-url":
            if (!value.isEmpty()) {
              builder.baseUri(URI.create(value));
            }
            break;
          default:
            throw Values.unknown(key);
        }
      } catch (IllegalArgumentException e) {
        throw Values.naming(key, e);
      }
    }
    this.enabled = master && on;
    if (enabled && !anyPath) {
      throw new IllegalArgumentException(
          PREFIX + "paths: must name at least one path to request when the warm-up is enabled");
    }
    this.config = enabled ? builder.build() : null;
  }

  /** Parses the warm-up keys of {@code properties}. */
  public static WarmupProperties parse(Properties properties) {
    return new WarmupProperties(properties);
  }

  /** Whether the warm-up is enabled (and Stability is). */
  public boolean enabled() {
    return enabled;
  }

  /** The settings; only when {@link #enabled()}. */
  public WarmupConfig config() {
    return config;
  }
}
