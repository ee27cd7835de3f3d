package org.raktakosh.stability.health;

/**
 * Receives the registry's events. Every method has an empty default, so a listener overrides only
 * what it needs. Listeners run on the thread that caused the event (a check's executor thread for
 * runs); they must be quick, and one that throws is logged and does not disturb the registry.
 */
public interface HealthListener {

  /** A check was registered. */
  default void onRegistered(String name, HealthCheckOptions options) {}

  /** A check was unregistered. */
  default void onUnregistered(String name) {}

  /** A run of a check ended (successfully, with a failure or by timing out). */
  default void onRun(CheckReport report) {}

  /** A check's status differs from its previous run's. */
  default void onStatusChange(StatusChange change) {}
}
