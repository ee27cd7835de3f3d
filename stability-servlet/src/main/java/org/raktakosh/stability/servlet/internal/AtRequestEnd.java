package org.raktakosh.stability.servlet.internal;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an action exactly once when a request ends: when its filter chain returns or throws, or, for
 * a request that went async, when its async cycle ends ({@code onComplete}, {@code onError} or
 * {@code onTimeout}, whichever comes first, or when it is cut off, see {@link AsyncCutOff}). The
 * async events can race each other and the synchronous path, so the first call wins and the rest do
 * nothing. Used to give back what a request holds: a bulkhead permit, its place among the requests
 * in flight.
 */
public final class AtRequestEnd implements AsyncListener {

  private final Runnable action;
  private final AtomicBoolean done = new AtomicBoolean();

  /** Runs {@code action} once, at the end of the request. */
  public AtRequestEnd(Runnable action) {
    this.action = Objects.requireNonNull(action, "action");
  }

  /** Runs the action now, unless it has run already. */
  public void run() {
    if (done.compareAndSet(false, true)) {
      action.run();
    }
  }

  /**
   * Called after the chain returned normally: runs the action now, or, if the request went async,
   * when its async cycle ends.
   */
  public void afterChain(HttpServletRequest request) {
    if (!request.isAsyncStarted()) {
      run();
      return;
    }
    try {
      // Even if another thread already called complete(), it takes effect only after this
      // dispatch returns, so the listener still hears onComplete.
      request.getAsyncContext().addListener(this);
    } catch (IllegalStateException asyncAlreadyOver) {
      run();
      return;
    }
    // A cycle cut off by a failed dispatch may end without any listener event (Jetty's).
    AsyncCutOff.onCutOff(request, this::run);
  }

  @Override
  public void onComplete(AsyncEvent event) {
    run();
  }

  @Override
  public void onError(AsyncEvent event) {
    run();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    run();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // A new async cycle (startAsync in an ASYNC dispatch) drops the listeners of the old one.
    event.getAsyncContext().addListener(this);
  }
}
