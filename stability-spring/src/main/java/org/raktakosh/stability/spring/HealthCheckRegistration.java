package org.raktakosh.stability.spring;

import java.util.Objects;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthCheckOptions;

/**
 * A health check with the name and options it is registered under. Declare it as a bean when a
 * plain {@link HealthCheck} bean is not enough, because the check needs options in code (groups, a
 * timeout, non-critical) or a name other than its bean name:
 *
 * <pre>{@code
 * @Bean
 * HealthCheckRegistration backupHealthCheck(BackupCheck check) {
 *   return HealthCheckRegistration.of("backup", check,
 *       HealthCheckOptions.custom().groups("backup").critical(false).build());
 * }
 * }</pre>
 *
 * <p>{@code stability.health.defaults.*} and {@code stability.health.checks.<name>.*} still
 * override these options, so operators can tune a check without a rebuild.
 *
 * @param name the name the check is registered and configured under
 * @param check the check
 * @param options the options the code asks for
 */
public record HealthCheckRegistration(String name, HealthCheck check, HealthCheckOptions options) {

  /**
   * Checks the arguments.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   * @throws NullPointerException if an argument is null
   */
  public HealthCheckRegistration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(options, "options");
    if (name.isBlank()) {
      throw new IllegalArgumentException("health check name must not be blank");
    }
  }

  /**
   * A registration of {@code check} under {@code name} with {@code options}.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static HealthCheckRegistration of(
      String name, HealthCheck check, HealthCheckOptions options) {
    return new HealthCheckRegistration(name, check, options);
  }

  /**
   * A registration of {@code check} under {@code name} with {@link
   * HealthCheckOptions#ofDefaults()}.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static HealthCheckRegistration of(String name, HealthCheck check) {
    return new HealthCheckRegistration(name, check, HealthCheckOptions.ofDefaults());
  }
}
