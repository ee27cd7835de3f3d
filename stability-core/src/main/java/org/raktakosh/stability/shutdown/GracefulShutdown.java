package org.raktakosh.stability.shutdown;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shuts an instance down without losing a request it accepted: {@link ShutdownState#RUNNING} ->
 * {@link ShutdownState#DRAINING} -> {@link ShutdownState#STOPPED}.
 *
 * <p>{@link #shutdown()} runs the sequence once:
 *
 * <ol>
 *   <li>the state turns DRAINING, so {@link #readinessCheck()} reports DOWN at once (the
 *       orchestrator stops routing traffic here) while liveness is untouched (a draining instance
 *       must not be restarted);
 *   <li>for {@link ShutdownConfig#readinessDelay()} requests are still accepted, while load
 *       balancers notice;
 *   <li>then new requests are refused ({@link #tryEnter()} is false: the servlet gate answers 503
 *       with {@code Connection: close}) and the requests in flight get up to {@link
 *       ShutdownConfig#gracePeriod()} to finish; the drain ends as soon as none is left;
 *   <li>requests still running then are counted and logged as cut off;
 *   <li>the stop actions run in the order they were added (background tasks, then the container);
 *   <li>the state turns STOPPED.
 * </ol>
 *
 * <p>Each phase logs one line with its counts. A second call, from a second signal or from another
 * component, does not restart the sequence: it waits for the first and returns its report.
 *
 * <p>Requests are counted by the caller: {@link #tryEnter()} when one arrives (false: refuse it),
 * {@link #exit()} exactly once when it has completed (for an async request, when its async cycle
 * ends). The count is one atomic word, so admitting a request costs one compare-and-set.
 */
public final class GracefulShutdown {

  private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

  /** Set in {@link #admission} once new requests are refused; the low bits count requests. */
  private static final long CLOSED = 1L << 62;

  private final ShutdownConfig config;
  private final AtomicLong admission = new AtomicLong();
  private final Object drainedSignal = new Object();
  private final LongAdder refused = new LongAdder();
  private final LongAdder admitted = new LongAdder();
  private final List<ShutdownListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Map.Entry<String, Runnable>> stopActions = new CopyOnWriteArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final CompletableFuture<ShutdownReport> outcome = new CompletableFuture<>();
  private final AtomicBoolean hookInstalled = new AtomicBoolean();
  private volatile ShutdownState state = ShutdownState.RUNNING;
  private volatile Thread hook;

  /** A shutdown with every default. */
  public GracefulShutdown() {
    this(ShutdownConfig.ofDefaults());
  }

  /** A shutdown configured by {@code config}. */
  public GracefulShutdown(ShutdownConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The configuration. */
  public ShutdownConfig config() {
    return config;
  }

  /** The state now. */
  public ShutdownState state() {
    return state;
  }

  /** Whether new requests are still admitted. */
  public boolean isAccepting() {
    return (admission.get() & CLOSED) == 0;
  }

  /** Requests admitted and not yet completed. */
  public int inFlight() {
    return (int) (admission.get() & ~CLOSED);
  }

  /** Requests admitted since start. */
  public long admitted() {
    return admitted.sum();
  }

  /** Requests refused since the drain began. */
  public long refused() {
    return refused.sum();
  }

  /** Adds a listener of state changes. */
  public void addListener(ShutdownListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Adds an action to run after the drain, in the order added: stop background tasks, then the
   * container. An action that throws is logged and the next one still runs.
   */
  public void addStopAction(String name, Runnable action) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(action, "action");
    stopActions.add(Map.entry(name, action));
  }

  /**
   * Admits a request: true, and it is counted until {@link #exit()}; or false once the drain
   * refuses new requests, and it must be refused.
   */
  public boolean tryEnter() {
    while (true) {
      long current = admission.get();
      if ((current & CLOSED) != 0) {
        refused.increment();
        return false;
      }
      if (admission.compareAndSet(current, current + 1)) {
        admitted.increment();
        return true;
      }
    }
  }

  /** Marks an admitted request complete. Call exactly once per {@code true} of tryEnter. */
  public void exit() {
    if (admission.decrementAndGet() == CLOSED) {
      synchronized (drainedSignal) {
        drainedSignal.notifyAll();
      }
    }
  }

  /**
   * A health check for the readiness group: UP while running, DOWN from the first moment of the
   * shutdown. Register it without caching or a background schedule.
   */
  public HealthCheck readinessCheck() {
    return () ->
        state == ShutdownState.RUNNING
            ? HealthResult.up()
            : HealthResult.down(
                "shutting down: " + state.name().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Runs the shutdown sequence (see the class comment) and returns what it did; blocks for at most
   * the readiness delay, the grace period and the stop actions. Called again, or concurrently, it
   * waits for the first run instead of starting another.
   */
  public ShutdownReport shutdown() {
    if (!started.compareAndSet(false, true)) {
      if (!outcome.isDone()) {
        log.info("Shutdown already in progress; waiting for it to end");
      }
      return outcome.join();
    }
    try {
      ShutdownReport report = runSequence();
      outcome.complete(report);
      return report;
    } catch (RuntimeException | Error failure) {
      outcome.completeExceptionally(failure);
      throw failure;
    }
  }

  /**
   * Registers a JVM shutdown hook (SIGTERM, SIGINT, {@code System.exit}) that runs {@link
   * #shutdown()}; for plain servlet applications. Once only; later calls do nothing.
   */
  public void installShutdownHook() {
    if (hookInstalled.compareAndSet(false, true)) {
      Thread thread = new Thread(this::shutdown, "stability-shutdown");
      Runtime.getRuntime().addShutdownHook(thread);
      hook = thread;
    }
  }

  /**
   * Removes the hook of {@link #installShutdownHook()}, when the application stops on its own
   * (undeploy, tests); does nothing if the JVM is already shutting down.
   */
  public void removeShutdownHook() {
    Thread thread = hook;
    if (thread != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(thread);
      } catch (IllegalStateException jvmAlreadyShuttingDown) {
        // The hook is running or about to: leave it be.
      }
      hook = null;
    }
  }

  private ShutdownReport runSequence() {
    long start = System.nanoTime();
    changeState(ShutdownState.RUNNING, ShutdownState.DRAINING);
    Duration delay = config.readinessDelay();
    log.info(
        "Shutdown began: readiness is DOWN, {} request(s) in flight; refusing new requests in {} ms",
        inFlight(),
        delay.toMillis());
    pause(delay);

    long closed = admission.updateAndGet(value -> value | CLOSED);
    int atDrain = (int) (closed & ~CLOSED);
    log.info(
        "Shutdown draining: refusing new requests, waiting up to {} ms for {} in flight",
        config.gracePeriod().toMillis(),
        atDrain);
    awaitDrained(config.gracePeriod());
    int cutOff = inFlight();
    Duration drain = Duration.ofNanos(System.nanoTime() - start);
    if (cutOff > 0) {
      log.warn(
          "Shutdown grace period of {} ms is over: {} request(s) finished, {} still running and cut"
              + " off",
          config.gracePeriod().toMillis(),
          atDrain - cutOff,
          cutOff);
    } else {
      log.info("Shutdown drained: {} request(s) finished, none cut off", atDrain);
    }

    for (Map.Entry<String, Runnable> action : stopActions) {
      try {
        action.getValue().run();
      } catch (RuntimeException failure) {
        log.error("Shutdown: stopping {} failed", action.getKey(), failure);
      }
    }
    changeState(ShutdownState.DRAINING, ShutdownState.STOPPED);
    Duration total = Duration.ofNanos(System.nanoTime() - start);
    log.info(
        "Shutdown complete in {} ms: {} stop action(s) run; {} request(s) admitted since start, {}"
            + " of them cut off; {} refused during the drain",
        total.toMillis(),
        stopActions.size(),
        admitted(),
        cutOff,
        refused());
    return new ShutdownReport(atDrain, atDrain - cutOff, cutOff, refused(), drain, total);
  }

  private void awaitDrained(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (drainedSignal) {
      while (inFlight() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(drainedSignal, left);
        } catch (InterruptedException interrupted) {
          // Asked to hurry: what is still running is cut off; keep the flag for the caller.
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void pause(Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      // The readiness delay is a wait by design: load balancers need that time to see readiness
      // DOWN, and nothing inside the process can tell when they have.
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void changeState(ShutdownState from, ShutdownState to) {
    state = to;
    for (ShutdownListener listener : listeners) {
      try {
        listener.onStateChange(from, to);
      } catch (RuntimeException failure) {
        log.warn("Shutdown listener {} failed on {} -> {}", listener, from, to, failure);
      }
    }
  }
}
