package org.raktakosh.stability.spring;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthRegistry;
import org.raktakosh.stability.health.checks.HealthChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Registers every {@link HealthCheck} and {@link HealthCheckRegistration} bean with the registry
 * and then starts it.
 *
 * <p>It runs once all singletons exist rather than when the registry is created, so that checks may
 * depend on anything (even the registry) without a cycle, and so that group validation in {@link
 * HealthRegistry#start()} sees every check. This is still before the web server accepts
 * connections, so no probe ever sees a half-registered application.
 */
final class HealthCheckRegistrar implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(HealthCheckRegistrar.class);

  private final ListableBeanFactory beans;
  private final HealthRegistry registry;
  private final HealthSettings settings;

  HealthCheckRegistrar(
      ListableBeanFactory beans, HealthRegistry registry, HealthSettings settings) {
    this.beans = beans;
    this.registry = registry;
    this.settings = settings;
  }

  @Override
  public void afterSingletonsInstantiated() {
    Map<String, HealthCheckRegistration> registrations =
        beans.getBeansOfType(HealthCheckRegistration.class);
    // A check wrapped in a registration is registered once, under the registration's name, even
    // when the check is a bean of its own.
    Set<HealthCheck> wrapped = Collections.newSetFromMap(new IdentityHashMap<>());
    registrations.values().forEach(registration -> wrapped.add(registration.check()));
    for (HealthCheckRegistration registration : registrations.values()) {
      register(registration.name(), registration.check(), registration.options());
    }
    beans
        .getBeansOfType(HealthCheck.class)
        .forEach(
            (beanName, check) -> {
              if (!wrapped.contains(check)) {
                register(beanName, check, HealthCheckOptions.ofDefaults());
              }
            });
    registerResourceChecks();
    requireKnownGroupMembers();
    warnAboutUnusedSettings();
    registry.start();
    log.info("Stability health checks registered: {}", registry.names());
  }

  /**
   * The built-in resource checks ({@code stability.health.resources.*}), each under a name the
   * application has not taken: its own {@code heap} or {@code diskSpace} wins.
   */
  private void registerResourceChecks() {
    StabilityProperties.Resources resources = settings.resources();
    if (!resources.isEnabled()) {
      return;
    }
    Set<String> taken = registry.names();
    HealthCheckOptions liveness =
        HealthCheckOptions.custom().groups(HealthCheckOptions.LIVENESS).build();
    if (!taken.contains("heap")) {
      register("heap", HealthChecks.heapMemory(), liveness);
    }
    if (!taken.contains("deadlocks")) {
      register("deadlocks", HealthChecks.deadlockedThreads(), liveness);
    }
    if (!taken.contains("diskSpace")) {
      register(
          "diskSpace",
          HealthChecks.diskSpace(settings.diskPath(), resources.getDiskMinFree().toBytes()),
          HealthCheckOptions.custom().readinessGate().build());
    }
  }

  private void register(String name, HealthCheck check, HealthCheckOptions codeOptions) {
    HealthCheckOptions options = settings.optionsFor(name, codeOptions);
    try {
      registry.register(name, check, options);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "Cannot register health check '" + name + "': " + e.getMessage(), e);
    }
  }

  /**
   * Fails like {@link HealthRegistry#start()} would for a group listing an unknown check, but
   * naming the key, so that Boot's failure analysis shows where the value came from. The registry
   * still validates its own configuration when it starts (a user's registry has its own groups).
   */
  private void requireKnownGroupMembers() {
    Set<String> names = registry.names();
    settings
        .includesByGroup()
        .forEach(
            (group, include) -> {
              for (String check : include) {
                if (!names.contains(check.trim())) {
                  throw new InvalidConfigurationPropertyValueException(
                      "stability.health.groups." + group + ".include",
                      String.join(",", include),
                      "group '"
                          + group
                          + "' includes unknown check '"
                          + check.trim()
                          + "' (registered checks: "
                          + names
                          + ")");
                }
              }
            });
  }

  /** Overrides that match nothing are usually typos; say so without failing start-up. */
  private void warnAboutUnusedSettings() {
    Set<String> names = registry.names();
    for (String name : settings.overriddenChecks()) {
      if (!names.contains(name)) {
        log.warn(
            "stability.health.checks.{}.* names no registered health check (registered: {})",
            name,
            names);
      }
    }
    Set<String> groups = registry.groups();
    settings
        .aliasesByGroup()
        .forEach(
            (group, path) -> {
              if (!groups.contains(group)) {
                log.warn(
                    "stability.health.groups.{}.path maps {} to a group no check belongs to;"
                        + " it will answer 404",
                    group,
                    path);
              }
            });
  }
}
