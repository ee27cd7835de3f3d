package org.raktakosh.stability.servlet.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthRegistryConfig;
import org.raktakosh.stability.internal.config.Durations;
import org.raktakosh.stability.servlet.DetailsPolicy;
import org.raktakosh.stability.servlet.HealthEndpointConfig;

/**
 * Reads the {@code stability.health.*} keys of a {@link Properties}, the same keys the Spring
 * starter binds, into the core configuration objects. Every value is checked here, at start-up, and
 * a bad one fails with a message naming its key; so does an unknown key under {@code
 * stability.health.}, which is almost always a typo.
 */
public final class HealthProperties {

  private static final String PREFIX = "stability.health.";
  private static final String RESOURCES = PREFIX + "resources.";

  /** Default of {@code stability.health.resources.disk-path}, as in the Spring starter. */
  static final String DEFAULT_DISK_PATH = ".";

  /** Default of {@code stability.health.resources.disk-min-free} (10MB), as in the starter. */
  static final long DEFAULT_DISK_MIN_FREE = 10L * 1024 * 1024;

  private static final Pattern CHECK_KEY =
      Pattern.compile("stability\\.health\\.checks\\.([^.]+)\\.([a-z-]+)");
  private static final Pattern GROUP_KEY =
      Pattern.compile("stability\\.health\\.groups\\.([^.]+)\\.([a-z-]+)");
  private static final Pattern DEFAULTS_KEY =
      Pattern.compile("stability\\.health\\.defaults\\.([a-z-]+)");

  private final boolean enabled;
  private final boolean resourceChecks;
  private final Path diskPath;
  private final long diskMinFree;
  private final HealthRegistryConfig registryConfig;
  private final HealthEndpointConfig endpointConfig;
  private final Map<String, String> defaults = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> checks = new LinkedHashMap<>();

  private HealthProperties(Properties properties) {
    boolean master = Values.bool(properties, "stability.enabled", true);
    this.enabled = master && Values.bool(properties, "stability.health.enabled", true);
    this.resourceChecks = Values.bool(properties, RESOURCES + "enabled", true);
    this.diskPath = diskPath(properties.getProperty(RESOURCES + "disk-path", DEFAULT_DISK_PATH));
    String minFree = properties.getProperty(RESOURCES + "disk-min-free");
    this.diskMinFree = minFree == null ? DEFAULT_DISK_MIN_FREE : diskMinFree(minFree.trim());
    HealthRegistryConfig.Builder registry = HealthRegistryConfig.custom();
    HealthEndpointConfig.Builder endpoint = HealthEndpointConfig.custom();
    Map<String, List<String>> groupIncludes = new LinkedHashMap<>();
    for (String key : new java.util.TreeSet<>(properties.stringPropertyNames())) {
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      String value = properties.getProperty(key).trim();
      try {
        apply(key, value, registry, endpoint, groupIncludes);
      } catch (IllegalArgumentException e) {
        throw Values.naming(key, e);
      }
    }
    groupIncludes.forEach(registry::group);
    this.registryConfig = registry.build();
    this.endpointConfig = endpoint.build();
    // Validate defaults and per-check options now rather than when a check registers.
    optionsFor("*", HealthCheckOptions.ofDefaults());
    checks.keySet().forEach(name -> optionsFor(name, HealthCheckOptions.ofDefaults()));
  }

  /**
   * Reads {@code properties}.
   *
   * @throws IllegalArgumentException naming the key of the first bad or unknown value
   */
  public static HealthProperties parse(Properties properties) {
    return new HealthProperties(properties);
  }

  /**
   * Whether the health endpoints are on ({@code stability.enabled} and {@code .health.enabled}).
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Whether to register the built-in {@code heap}, {@code deadlocks} and {@code diskSpace} checks
   * under the names the application has not taken ({@code stability.health.resources.enabled}).
   */
  public boolean resourceChecksEnabled() {
    return resourceChecks;
  }

  /**
   * The file or directory whose file store the {@code diskSpace} check watches ({@code
   * stability.health.resources.disk-path}), absolute and normalised as the starter makes it.
   */
  public Path diskPath() {
    return diskPath;
  }

  /**
   * The fewest usable bytes the {@code diskSpace} check accepts ({@code
   * stability.health.resources.disk-min-free}).
   */
  public long diskMinFreeBytes() {
    return diskMinFree;
  }

  /** The registry settings. */
  public HealthRegistryConfig registryConfig() {
    return registryConfig;
  }

  /** The endpoint settings. */
  public HealthEndpointConfig endpointConfig() {
    return endpointConfig;
  }

  /**
   * The options of check {@code name}: {@code base} (what the code asked for), overridden by {@code
   * stability.health.defaults.*}, overridden by {@code stability.health.checks.<name>.*}. A
   * readiness gate (such as {@code diskSpace}) takes its own overrides but not the defaults: a
   * default cache or schedule meant for ordinary checks must not delay it. The state gates ({@link
   * StateGates#OPTIONS}: the shutdown's, the warm-up's) take none.
   *
   * @throws IllegalArgumentException naming the key of a bad value, or of an override of a state
   *     gate
   */
  public HealthCheckOptions optionsFor(String name, HealthCheckOptions base) {
    String prefix = "stability.health.checks." + name + ".";
    Map<String, String> own = checks.getOrDefault(name, Map.of());
    if (base == StateGates.OPTIONS && !own.isEmpty()) {
      String key = prefix + own.keySet().iterator().next();
      throw new IllegalArgumentException(
          key
              + ": '"
              + name
              + "' is a state gate, asked on every probe so that readiness turns the moment its"
              + " state does; it takes no options");
    }
    HealthCheckOptions.Builder builder = HealthCheckOptions.from(base);
    if (!base.readinessGate()) {
      applyOptions("stability.health.defaults.", defaults, builder);
    }
    applyOptions(prefix, own, builder);
    return builder.build();
  }

  private void apply(
      String key,
      String value,
      HealthRegistryConfig.Builder registry,
      HealthEndpointConfig.Builder endpoint,
      Map<String, List<String>> groupIncludes) {
    String name = key.substring(PREFIX.length());
    switch (name) {
      case "enabled":
      case "resources.enabled":
      case "resources.disk-path":
      case "resources.disk-min-free":
        return; // read in the constructor
      case "path":
        endpoint.path(value);
        return;
      case "details":
        endpoint.details(DetailsPolicy.parse(key, value));
        return;
      case "parallelism":
        registry.parallelism(Values.integer(key, value));
        return;
      case "queue-capacity":
        registry.queueCapacity(Values.integer(key, value));
        return;
      case "slow-threshold":
        registry.slowThreshold(Durations.parse(key, value));
        return;
      default:
        break;
    }
    Matcher check = CHECK_KEY.matcher(key);
    if (check.matches()) {
      requireOptionKey(key, check.group(2), true);
      checks.computeIfAbsent(check.group(1), k -> new LinkedHashMap<>()).put(check.group(2), value);
      return;
    }
    Matcher defaultsKey = DEFAULTS_KEY.matcher(key);
    if (defaultsKey.matches()) {
      requireOptionKey(key, defaultsKey.group(1), false);
      defaults.put(defaultsKey.group(1), value);
      return;
    }
    Matcher group = GROUP_KEY.matcher(key);
    if (group.matches()) {
      String groupName = group.group(1);
      switch (group.group(2)) {
        case "include":
          groupIncludes.put(groupName, Values.list(value));
          return;
        case "path":
          endpoint.alias(value, groupName);
          return;
        default:
          break;
      }
    }
    throw Values.unknown(key);
  }

  private static Path diskPath(String value) {
    String key = RESOURCES + "disk-path";
    try {
      return Path.of(value.trim()).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw Values.naming(key, e);
    }
  }

  private static long diskMinFree(String value) {
    String key = RESOURCES + "disk-min-free";
    long bytes = Values.bytes(key, value);
    if (bytes < 0) {
      throw new IllegalArgumentException(
          key + " must be a size of at least 0 but was '" + value + "'");
    }
    return bytes;
  }

  private static void requireOptionKey(String key, String option, boolean groupsAllowed) {
    switch (option) {
      case "timeout":
      case "critical":
      case "cache-ttl":
      case "background-interval":
        return;
      case "groups":
        if (groupsAllowed) {
          return;
        }
        break;
      default:
        break;
    }
    throw Values.unknown(key);
  }

  private static void applyOptions(
      String prefix, Map<String, String> values, HealthCheckOptions.Builder builder) {
    values.forEach(
        (option, value) -> {
          String key = prefix + option;
          try {
            switch (option) {
              case "timeout":
                builder.timeout(Durations.parse(key, value));
                break;
              case "critical":
                builder.critical(Values.bool(key, value));
                break;
              case "cache-ttl":
                builder.cacheTtl(Durations.parse(key, value));
                break;
              case "background-interval":
                builder.background(Durations.parse(key, value));
                break;
              case "groups":
                builder.groups(Values.list(value).toArray(new String[0]));
                break;
              default:
                throw Values.unknown(key);
            }
          } catch (IllegalArgumentException e) {
            throw Values.naming(key, e);
          }
        });
  }
}
