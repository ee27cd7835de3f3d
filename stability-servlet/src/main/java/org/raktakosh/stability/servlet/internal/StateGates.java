package org.raktakosh.stability.servlet.internal;

import java.time.Duration;
import org.raktakosh.stability.health.HealthCheckOptions;

/**
 * Options of the readiness gates that read a state in memory (the shutdown's, the warm-up's), as
 * the installer and the Spring starter register them: in readiness without taking it over, asked on
 * every probe and never cached, so that readiness turns the moment the state does.
 */
public final class StateGates {

  /** The options; a state read takes microseconds, so one second is a generous timeout. */
  public static final HealthCheckOptions OPTIONS =
      HealthCheckOptions.custom()
          .readinessGate()
          .timeout(Duration.ofSeconds(1))
          .cacheTtl(Duration.ZERO)
          .build();

  private StateGates() {}
}
