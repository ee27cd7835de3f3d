package org.raktakosh.stability.servlet.internal;

import java.util.Properties;
import java.util.TreeSet;
import org.raktakosh.stability.internal.config.Durations;
import org.raktakosh.stability.shutdown.ShutdownConfig;

/**
 * Reads the {@code stability.shutdown.*} keys of a {@link Properties}, the keys the Spring starter
 * binds, plus {@code hook} (plain servlet applications only). A bad or unknown key fails naming it.
 */
public final class ShutdownProperties {

  private static final String PREFIX = "stability.shutdown.";

  private final boolean enabled;
  private final boolean hook;
  private final ShutdownConfig config;

  private ShutdownProperties(Properties properties) {
    boolean master = Values.bool(properties, "stability.enabled", true);
    boolean on = true;
    boolean withHook = true;
    ShutdownConfig.Builder builder = ShutdownConfig.custom();
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
          case "hook":
            withHook = Values.bool(key, value);
            break;
          case "readiness-delay":
            builder.readinessDelay(Durations.parse(key, value));
            break;
          case "grace-period":
            builder.gracePeriod(Durations.parse(key, value));
            break;
          case "retry-after":
            builder.retryAfter(Durations.parse(key, value));
            break;
          default:
            throw Values.unknown(key);
        }
      } catch (IllegalArgumentException e) {
        throw Values.naming(key, e);
      }
    }
    this.enabled = master && on;
    this.hook = withHook;
    this.config = builder.build();
  }

  /** Parses the shutdown keys of {@code properties}. */
  public static ShutdownProperties parse(Properties properties) {
    return new ShutdownProperties(properties);
  }

  /** Whether the shutdown gate and readiness check are installed. */
  public boolean enabled() {
    return enabled;
  }

  /** Whether a JVM shutdown hook runs the shutdown. */
  public boolean hook() {
    return hook;
  }

  /** The settings. */
  public ShutdownConfig config() {
    return config;
  }
}
