package org.raktakosh.stability.spring;

import java.util.Objects;
import org.raktakosh.stability.shutdown.GracefulShutdown;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Runs the {@link GracefulShutdown} sequence when the Spring context closes (SIGTERM reaches Spring
 * Boot's shutdown hook, or {@code context.close()}): readiness DOWN, the readiness delay, then new
 * requests refused while the requests in flight finish within the grace period.
 *
 * <p>It stops in phase {@link #PHASE}, before Boot's own graceful shutdown of the web server
 * ({@code WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE}, {@code Integer.MAX_VALUE - 1024})
 * and before the server stops ({@code START_STOP_LIFECYCLE_PHASE}, {@code Integer.MAX_VALUE -
 * 2048}): while it drains, the connectors are still open, so late requests get a 503 with {@code
 * Connection: close} rather than a refused connection, and by the time Boot's graceful shutdown
 * runs nothing is left in flight. Components that must outlive the requests (background tasks,
 * connection pools) stop in later phases.
 *
 * <p>The shutdown is one-way, so only closing the context runs it: a plain {@code stop()} of the
 * context, or Spring's pausing of an idle cached test context, stops and restarts this lifecycle
 * without draining anything ({@link #isPauseable()} is false, and {@code stop()} drains only once
 * the context has published its {@link ContextClosedEvent}).
 */
public final class StabilityShutdownLifecycle
    implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, ApplicationContextAware {

  /** The phase: stopped after ordinary lifecycle beans, before the web server's shutdown. */
  public static final int PHASE = Integer.MAX_VALUE - 512;

  private final GracefulShutdown shutdown;
  private volatile boolean running;
  private volatile boolean closing;
  private ApplicationContext context;

  /** A lifecycle running {@code shutdown} when the context closes. */
  public StabilityShutdownLifecycle(GracefulShutdown shutdown) {
    this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
  }

  @Override
  public void setApplicationContext(ApplicationContext context) {
    this.context = context;
  }

  @Override
  public void onApplicationEvent(ContextClosedEvent event) {
    // A child context's close reaches its parent's listeners too; only this context's counts.
    if (event.getApplicationContext() == context) {
      closing = true;
    }
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    try {
      if (closing) {
        shutdown.shutdown();
      }
    } finally {
      running = false;
    }
  }

  @Override
  public boolean isPauseable() {
    return false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
