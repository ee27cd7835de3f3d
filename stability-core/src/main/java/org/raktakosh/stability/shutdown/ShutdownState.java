package org.raktakosh.stability.shutdown;

/** Where an instance is in its life, as {@link GracefulShutdown} sees it. */
public enum ShutdownState {
  /** Serving: ready, accepting requests. */
  RUNNING,
  /**
   * Shutting down: not ready (readiness is DOWN), accepting requests only until the readiness delay
   * ends, then finishing the requests in flight.
   */
  DRAINING,
  /** The drain is over and the stop actions have run. */
  STOPPED
}
