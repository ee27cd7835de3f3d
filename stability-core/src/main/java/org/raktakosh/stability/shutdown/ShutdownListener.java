package org.raktakosh.stability.shutdown;

/**
 * Hears the state changes of a {@link GracefulShutdown}: {@code RUNNING -> DRAINING} when the
 * shutdown begins, {@code DRAINING -> STOPPED} when it ends. Called on the thread that runs the
 * shutdown; it must not block. An exception it throws is logged and does not stop the sequence.
 */
@FunctionalInterface
public interface ShutdownListener {

  /** The state went from {@code from} to {@code to}. */
  void onStateChange(ShutdownState from, ShutdownState to);
}
