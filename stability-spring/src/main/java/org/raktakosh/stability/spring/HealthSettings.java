package org.raktakosh.stability.spring;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthRegistryConfig;
import org.raktakosh.stability.servlet.HealthEndpointConfig;
import org.raktakosh.stability.servlet.internal.StateGates;
import org.raktakosh.stability.spring.StabilityProperties.Check;
import org.raktakosh.stability.spring.StabilityProperties.CheckDefaults;
import org.raktakosh.stability.spring.StabilityProperties.Group;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Turns the bound {@code stability.health.*} properties into the core configuration objects. The
 * binder already rejects values of the wrong type; the core builders reject the rest (a negative
 * timeout, a path without a leading slash), and this class reports such a value as an {@link
 * InvalidConfigurationPropertyValueException} naming the full key, which Boot's failure analyzer
 * shows together with where the value came from.
 *
 * <p>Everything is validated in the constructor, including overrides of checks that are not
 * registered yet, so that bad configuration fails start-up whether or not the check it names
 * exists.
 */
final class HealthSettings {

  private static final String PREFIX = "stability.health.";

  private final StabilityProperties.Health health;
  private final HealthRegistryConfig registryConfig;
  private final HealthEndpointConfig endpointConfig;
  private final Path diskPath;

  private HealthSettings(StabilityProperties.Health health) {
    this.health = health;
    this.registryConfig = buildRegistryConfig(health);
    this.endpointConfig = buildEndpointConfig(health);
    this.diskPath = diskPath(health.getResources().getDiskPath());
    DataSize minFree = health.getResources().getDiskMinFree();
    if (minFree == null || minFree.isNegative()) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "resources.disk-min-free", minFree, "must be zero or more");
    }
    optionsFor("*", HealthCheckOptions.ofDefaults());
    health.getChecks().keySet().forEach(name -> optionsFor(name, HealthCheckOptions.ofDefaults()));
  }

  /**
   * Validates {@code health} and keeps it.
   *
   * @throws InvalidConfigurationPropertyValueException naming the key of the first bad value
   */
  static HealthSettings of(StabilityProperties.Health health) {
    return new HealthSettings(health);
  }

  HealthRegistryConfig registryConfig() {
    return registryConfig;
  }

  /** The built-in resource checks' settings. */
  StabilityProperties.Resources resources() {
    return health.getResources();
  }

  /** The path the {@code diskSpace} check watches, absolute and normalised. */
  Path diskPath() {
    return diskPath;
  }

  private static Path diskPath(String value) {
    String key = PREFIX + "resources.disk-path";
    if (value == null) {
      throw new InvalidConfigurationPropertyValueException(
          key, null, "must name a file or directory");
    }
    try {
      return Path.of(value.trim()).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new InvalidConfigurationPropertyValueException(key, value, e.getMessage());
    }
  }

  HealthEndpointConfig endpointConfig() {
    return endpointConfig;
  }

  /** Check names that have overrides under {@code stability.health.checks}. */
  Iterable<String> overriddenChecks() {
    return health.getChecks().keySet();
  }

  /** Checks listed by group, from {@code stability.health.groups.<group>.include}. */
  Map<String, List<String>> includesByGroup() {
    Map<String, List<String>> includes = new LinkedHashMap<>();
    health
        .getGroups()
        .forEach(
            (name, group) -> {
              if (!group.getInclude().isEmpty()) {
                includes.put(name, group.getInclude());
              }
            });
    return includes;
  }

  /** Extra paths by group, from {@code stability.health.groups.<group>.path}. */
  Map<String, String> aliasesByGroup() {
    Map<String, String> aliases = new LinkedHashMap<>();
    health
        .getGroups()
        .forEach(
            (name, group) -> {
              if (group.getPath() != null) {
                aliases.put(name, group.getPath());
              }
            });
    return aliases;
  }

  /**
   * The options of check {@code name}: {@code base} (what the code asked for), overridden by {@code
   * stability.health.defaults.*}, overridden by {@code stability.health.checks.<name>.*}. Groups
   * add to the code's groups, as in the plain-servlet configuration. A readiness gate (such as
   * {@code diskSpace}) takes its own overrides but not the defaults; the state gates ({@link
   * StateGates#OPTIONS}: the shutdown's, the warm-up's) take none.
   *
   * @throws InvalidConfigurationPropertyValueException naming the key of a bad value, or of an
   *     override of a state gate
   */
  HealthCheckOptions optionsFor(String name, HealthCheckOptions base) {
    Check check = health.getChecks().get(name);
    if (base == StateGates.OPTIONS && check != null) {
      throw new InvalidConfigurationPropertyValueException(
          PREFIX + "checks." + name,
          null,
          "'"
              + name
              + "' is a state gate, asked on every probe so that readiness turns the moment its"
              + " state does; it takes no options");
    }
    HealthCheckOptions.Builder builder = HealthCheckOptions.from(base);
    if (!base.readinessGate()) {
      // A gate (diskSpace) takes its own overrides only: a default cache or schedule meant for
      // ordinary checks must not delay it.
      apply(PREFIX + "defaults.", health.getDefaults(), builder);
    }
    if (check != null) {
      String prefix = PREFIX + "checks." + name + ".";
      apply(prefix, check, builder);
      if (check.getGroups() != null && !check.getGroups().isEmpty()) {
        set(
            prefix + "groups",
            check.getGroups(),
            groups -> builder.groups(groups.stream().map(String::trim).toArray(String[]::new)));
      }
    }
    return builder.build();
  }

  private static void apply(
      String prefix, CheckDefaults options, HealthCheckOptions.Builder builder) {
    if (options.getTimeout() != null) {
      set(prefix + "timeout", options.getTimeout(), builder::timeout);
    }
    if (options.getCritical() != null) {
      builder.critical(options.getCritical());
    }
    if (options.getCacheTtl() != null) {
      set(prefix + "cache-ttl", options.getCacheTtl(), builder::cacheTtl);
    }
    if (options.getBackgroundInterval() != null) {
      set(prefix + "background-interval", options.getBackgroundInterval(), builder::background);
    }
  }

  private static HealthRegistryConfig buildRegistryConfig(StabilityProperties.Health health) {
    HealthRegistryConfig.Builder builder = HealthRegistryConfig.custom();
    set(PREFIX + "parallelism", health.getParallelism(), builder::parallelism);
    set(PREFIX + "queue-capacity", health.getQueueCapacity(), builder::queueCapacity);
    set(PREFIX + "slow-threshold", health.getSlowThreshold(), builder::slowThreshold);
    for (Map.Entry<String, Group> group : health.getGroups().entrySet()) {
      // A group with only a path is defined by the checks that join it in code; listing no
      // checks must not create an empty group that would hide a misspelt alias.
      if (!group.getValue().getInclude().isEmpty()) {
        set(
            PREFIX + "groups." + group.getKey() + ".include",
            group.getValue().getInclude(),
            include -> builder.group(group.getKey(), include));
      }
    }
    return builder.build();
  }

  private static HealthEndpointConfig buildEndpointConfig(StabilityProperties.Health health) {
    HealthEndpointConfig.Builder builder = HealthEndpointConfig.custom();
    set(PREFIX + "path", health.getPath(), builder::path);
    set(PREFIX + "details", health.getDetails(), builder::details);
    health
        .getGroups()
        .forEach(
            (name, group) -> {
              if (group.getPath() != null) {
                set(
                    PREFIX + "groups." + name + ".path",
                    group.getPath(),
                    path -> builder.alias(path, name));
              }
            });
    return builder.build();
  }

  private static <T> void set(String key, T value, Consumer<T> setter) {
    try {
      setter.accept(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidConfigurationPropertyValueException(
          key, value instanceof Duration ? value.toString() : value, e.getMessage());
    }
  }
}
