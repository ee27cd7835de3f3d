package org.raktakosh.stability.health;

/**
 * One health check: a database ping, a disk-space probe, a call to a dependency.
 *
 * <p>Implementations may block and may throw; the registry runs every check on its own bounded
 * executor under a timeout, and reports a thrown exception as {@link Status#DOWN}. A check should
 * respond to interruption, which is how a timed-out run is cancelled.
 */
@FunctionalInterface
public interface HealthCheck {

  /**
   * Runs the check once.
   *
   * @return the result, never {@code null}
   * @throws Exception when the check fails; reported as {@link Status#DOWN} with the exception
   */
  HealthResult check() throws Exception;
}
