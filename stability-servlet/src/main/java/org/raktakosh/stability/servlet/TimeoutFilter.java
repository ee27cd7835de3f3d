package org.raktakosh.stability.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.raktakosh.stability.problem.Problem;
import org.raktakosh.stability.servlet.internal.AsyncCutOff;
import org.raktakosh.stability.servlet.internal.DeadlineTimer;
import org.raktakosh.stability.servlet.internal.ProblemResponses;
import org.raktakosh.stability.servlet.internal.RequestPaths;
import org.raktakosh.stability.servlet.internal.TimeoutGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the time of a request without moving it to another thread.
 *
 * <p>Design. The chain runs on the container's thread, as the Servlet specification requires (MDC,
 * security contexts and transactions live in thread locals). The filter wraps the response in a
 * guard and registers its deadline with one shared timer thread, which sleeps until the earliest
 * deadline (no lock shared by all requests, no periodic wake-up); the deadline is forgotten when
 * the request ends. At the deadline the timer takes the guard's lock: if nothing is committed it
 * writes the timeout problem (503 by default, with {@code Content-Length}, {@code Connection:
 * close} and the request id) straight to the real response, and from then on the guard discards the
 * handler's writes, status changes and {@code sendError}s silently; if the response was already
 * committed it drops the rest of the body and logs one WARN, and once the handler returns the
 * filter throws on to the container, which cuts the response off so that the client sees it is
 * incomplete. It then interrupts the worker, once, under the same lock that the worker takes when
 * its request ends, so the interrupt can never reach a thread that has moved on; the worker clears
 * the flag before it returns to the pool. The timer thread never blocks on a busy lock: if the
 * handler is in the middle of a write, the task looks again 10 ms later.
 *
 * <p>A request still running {@link TimeoutConfig#stuckAfter()} after its deadline (a handler that
 * ignores interrupts) is counted and logged with its thread's stack, like Tomcat's stuck-thread
 * valve. Async requests are timed until their async cycle ends, through {@link
 * AsyncContext#setTimeout} and {@link AsyncListener#onTimeout}, never by interrupting a thread that
 * has gone back to the pool; one that times out with its response committed is cut off too, by one
 * more ASYNC dispatch that the filter fails at once (once it knows that it is mounted for them:
 * {@link #mountedForAsyncDispatches()}, or one has passed through it; until then such a response is
 * completed). ERROR and ASYNC dispatches never start a second timer.
 */
public final class TimeoutFilter implements Filter, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TimeoutFilter.class);

  /** Request attribute holding the request's deadline, for its later ASYNC dispatches. */
  private static final String DEADLINE_ATTRIBUTE = TimeoutFilter.class.getName() + ".deadline";

  /** How soon the deadline looks again when the handler holds the guard's lock for a write. */
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final TimeoutConfig config;
  private final DeadlineTimer timer;
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong committedTimeouts = new AtomicLong();
  private final AtomicLong stuckTotal = new AtomicLong();
  private final AtomicInteger stuckNow = new AtomicInteger();

  /**
   * Whether the filter is known to be mounted for ASYNC dispatches (told so, or one has passed):
   * only then may an async response that timed out after commit be cut off by a dispatch.
   */
  private volatile boolean seesAsyncDispatches;

  /** A filter with every default (30 s). */
  public TimeoutFilter() {
    this(TimeoutConfig.ofDefaults());
  }

  /** A filter configured by {@code config}; it owns one timer thread until {@link #close()}. */
  public TimeoutFilter(TimeoutConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.timer = new DeadlineTimer("stability-timeout", shortestTimeout(config));
  }

  /** The shortest timeout any request can get: no deadline is ever due sooner after it starts. */
  private static Duration shortestTimeout(TimeoutConfig config) {
    Duration shortest = TimeoutConfig.DEFAULT_DURATION;
    boolean found = false;
    List<Duration> timeouts = new ArrayList<>(config.overrides().values());
    timeouts.add(config.duration());
    for (Duration timeout : timeouts) {
      if (!timeout.isZero() && (!found || timeout.compareTo(shortest) < 0)) {
        shortest = timeout;
        found = true;
      }
    }
    return shortest;
  }

  /** The configuration. */
  public TimeoutConfig config() {
    return config;
  }

  /** Requests answered or abandoned at their deadline since start. */
  public long timeouts() {
    return timeouts.get();
  }

  /** Timeouts that found the response already committed. */
  public long committedTimeouts() {
    return committedTimeouts.get();
  }

  /** Requests running now that ignored their interrupt for longer than the stuck threshold. */
  public int stuckRequests() {
    return stuckNow.get();
  }

  /** Requests that were ever counted as stuck. */
  public long stuckTotal() {
    return stuckTotal.get();
  }

  /** Deadlines registered with the timer: one per request being timed. */
  public int pendingDeadlines() {
    return timer.size();
  }

  /**
   * Tells the filter that it is mounted for ASYNC dispatches, as {@link StabilityInstaller} and the
   * Spring starter mount it, so that it cuts off a committed async response from the first request
   * on rather than only once an ASYNC dispatch has passed through it. Call it only when that is
   * true: the cut-off is one more ASYNC dispatch, which would reach the servlet if the filter were
   * not mounted for it.
   */
  public void mountedForAsyncDispatches() {
    seesAsyncDispatches = true;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest) || !(res instanceof HttpServletResponse)) {
      chain.doFilter(req, res);
      return;
    }
    if (req.getDispatcherType() != DispatcherType.REQUEST) {
      if (req.getDispatcherType() == DispatcherType.ASYNC) {
        if (!seesAsyncDispatches) {
          seesAsyncDispatches = true; // written once: not a shared write per dispatch
        }
        AsyncCutOff.throwIfRequested(req); // the dispatch that cuts a timed-out response off
      }
      // No second timer; but an ASYNC dispatch of a timed request writes through the same guard,
      // so after the deadline its writes and sendErrors are dropped like the first dispatch's.
      Object timed = req.getAttribute(DEADLINE_ATTRIBUTE);
      TimeoutGuard guard = timed instanceof Deadline ? ((Deadline) timed).guard : null;
      try {
        chain.doFilter(req, guard != null ? guard : res);
      } catch (IOException | ServletException | RuntimeException | Error e) {
        AsyncCutOff.afterFailedDispatch(req, res, e);
        if (guard == null || !guard.isTimedOut() || e instanceof Error) {
          throw e;
        }
        // E.g. Spring MVC rethrowing the cancellation of a timed-out Callable: already answered.
        log.debug("{} dispatch failed after its timeout", req.getDispatcherType(), e);
      }
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    Duration timeout = timeoutFor(request);
    if (timeout.isZero()) {
      chain.doFilter(req, res);
      return;
    }
    Deadline deadline = new Deadline(request, (HttpServletResponse) res, timeout);
    request.setAttribute(DEADLINE_ATTRIBUTE, deadline);
    deadline.schedule();
    try {
      chain.doFilter(request, deadline.guard);
    } catch (IOException | ServletException | RuntimeException e) {
      if (deadline.guard.isTimedOut()) {
        // What an interrupted handler throws after its client was answered is not a new failure.
        log.debug(
            "{} {} failed after its timeout", request.getMethod(), request.getRequestURI(), e);
      } else {
        throw e;
      }
    } finally {
      if (request.isAsyncStarted()) {
        deadline.handOverToAsync();
      } else {
        deadline.finish();
      }
    }
    if (deadline.cutShort && !request.isAsyncStarted()) {
      // What the handler wrote after the deadline was dropped, so the body may be short; ended
      // normally it would look whole. Thrown on, the failure makes the container cut it off.
      throw new CutShort(cutOffReason(request, timeout));
    }
  }

  /**
   * Thrown when a synchronous request timed out after its response was committed, so that the
   * container cuts the response off (no last chunk, connection closed).
   */
  static final class CutShort extends ServletException {
    private static final long serialVersionUID = 1L;

    CutShort(String reason) {
      super(reason);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // the message says it all; the stack would only show the filter chain
    }
  }

  /** Why a request that timed out with its response committed is cut off: the failure's message. */
  private static String cutOffReason(HttpServletRequest request, Duration timeout) {
    return request.getMethod()
        + " "
        + request.getRequestURI()
        + " timed out after "
        + timeout.toMillis()
        + " ms with its response committed; cutting the response off";
  }

  private Duration timeoutFor(HttpServletRequest request) {
    if (config.excludeEventStreams()) {
      String accept = request.getHeader("Accept");
      if (accept != null && containsIgnoreCase(accept, "text/event-stream")) {
        return Duration.ZERO;
      }
    }
    // Only WebSocket: clients such as java.net.http send "Upgrade: h2c" on ordinary requests.
    if (config.excludeUpgrades() && isWebSocketUpgrade(request.getHeader("Upgrade"))) {
      return Duration.ZERO;
    }
    return config.timeoutFor(RequestPaths.withinApplication(request));
  }

  private static boolean isWebSocketUpgrade(String upgrade) {
    return upgrade != null && containsIgnoreCase(upgrade, "websocket");
  }

  /** Whether {@code value} contains {@code part}, ignoring case; allocates nothing. */
  private static boolean containsIgnoreCase(String value, String part) {
    for (int i = 0, last = value.length() - part.length(); i <= last; i++) {
      if (value.regionMatches(true, i, part, 0, part.length())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void destroy() {
    close();
  }

  /** Stops the timer thread; requests still running are no longer timed. */
  @Override
  public void close() {
    timer.close();
  }

  /**
   * One request's deadline and its guard. All state is guarded by {@code guard.lock()}, except
   * {@code expired}, which only the timer thread touches.
   */
  private final class Deadline extends DeadlineTimer.Task implements AsyncListener {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Thread worker;
    private final Duration timeout;
    private final long deadlineNanos;
    final TimeoutGuard guard;
    private final ReentrantLock lock;

    private boolean expired;
    private boolean finished;
    private boolean async;
    private boolean interrupted;
    private boolean stuck;

    /** Set by the deadline, under the lock, when it found the response already committed. */
    private volatile boolean cutShort;

    Deadline(HttpServletRequest request, HttpServletResponse response, Duration timeout) {
      this.request = request;
      this.response = response;
      this.worker = Thread.currentThread();
      this.timeout = timeout;
      this.deadlineNanos = System.nanoTime() + timeout.toNanos();
      this.guard = new TimeoutGuard(response);
      this.lock = guard.lock();
    }

    void schedule() {
      timer.schedule(this, deadlineNanos);
    }

    /** On the timer thread: first the deadline, then (if the handler goes on) the stuck check. */
    @Override
    protected void run(long now) {
      try {
        if (expired) {
          checkStuck();
        } else {
          expire(now);
        }
      } catch (RuntimeException e) {
        log.error("Timeout of {} {} failed", request.getMethod(), request.getRequestURI(), e);
      }
    }

    private void expire(long now) {
      if (!lock.tryLock()) {
        runAgainAt(now + RETRY_NANOS);
        return;
      }
      try {
        if (finished || guard.isTimedOut()) {
          return;
        }
        reachDeadline();
        if (async) {
          completeAsync();
          return;
        }
        if (config.interruptWorker()) {
          interrupted = true;
          worker.interrupt();
        }
        expired = true;
        runAgainAt(now + config.stuckAfter().toNanos());
      } finally {
        lock.unlock();
      }
    }

    /**
     * Counts the timeout, silences the guard and answers if nothing is committed yet; the caller
     * holds the lock and has checked that the request is still running.
     */
    private void reachDeadline() {
      timeouts.incrementAndGet();
      guard.timeOut();
      if (!response.isCommitted()) {
        answer();
        log.debug(
            "{} {} timed out after {} ms",
            request.getMethod(),
            request.getRequestURI(),
            timeout.toMillis());
        return;
      }
      committedTimeouts.incrementAndGet();
      cutShort = true;
      log.warn(
          "{} {} timed out after {} ms with its response already committed (status {});"
              + " the rest of its body is dropped [requestId={}]",
          request.getMethod(),
          request.getRequestURI(),
          timeout.toMillis(),
          response.getStatus(),
          RequestIdFilter.requestId(request).orElse(null));
    }

    /** Writes the timeout problem to the real response; the caller holds the lock. */
    private void answer() {
      Problem problem =
          ProblemResponses.forRequest(request, config.status())
              .detail("The request did not complete within " + timeout.toMillis() + " ms.")
              .build();
      // The worker may still hold the connection: tell the client not to reuse it.
      response.setHeader("Connection", "close");
      config
          .retryAfter()
          .ifPresent(
              retry ->
                  response.setHeader("Retry-After", Long.toString(Math.max(0, retry.toSeconds()))));
      ProblemResponses.write(response, problem);
    }

    private void checkStuck() {
      lock.lock();
      try {
        if (finished || stuck) {
          return;
        }
        stuck = true;
        stuckNow.incrementAndGet();
        stuckTotal.incrementAndGet();
        StringBuilder trace = new StringBuilder();
        for (StackTraceElement frame : worker.getStackTrace()) {
          trace.append("\n\tat ").append(frame);
        }
        log.warn(
            "{} {} is stuck: still running on thread {} {} ms after its {} ms timeout"
                + " [requestId={}]{}",
            request.getMethod(),
            request.getRequestURI(),
            worker.getName(),
            config.stuckAfter().toMillis(),
            timeout.toMillis(),
            RequestIdFilter.requestId(request).orElse(null),
            trace);
      } finally {
        lock.unlock();
      }
    }

    /** On the worker thread, as its request leaves the filter. */
    void finish() {
      lock.lock();
      try {
        finished = true;
        timer.cancel(this);
        if (stuck) {
          stuckNow.decrementAndGet();
          log.info(
              "Stuck request {} {} ended on thread {}",
              request.getMethod(),
              request.getRequestURI(),
              worker.getName());
        }
        if (interrupted) {
          // Ours, not the application's: the pool must get the thread back clean.
          Thread.interrupted();
        }
      } finally {
        lock.unlock();
      }
    }

    /**
     * The handler went async: the thread goes back to the pool, so the rest of the deadline is the
     * async timeout's job.
     */
    void handOverToAsync() {
      lock.lock();
      try {
        timer.cancel(this);
        if (interrupted) {
          Thread.interrupted();
        }
        if (guard.isTimedOut()) {
          completeAsync();
          return;
        }
        async = true;
        AsyncContext context = request.getAsyncContext();
        long remaining =
            Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
        long current = context.getTimeout();
        context.setTimeout(current > 0 ? Math.min(current, remaining) : remaining);
        context.addListener(this);
      } finally {
        lock.unlock();
      }
    }

    private void completeAsync() {
      endAsync(request.getAsyncContext());
    }

    /**
     * Completes the async request; cuts it off instead when the deadline found it committed and
     * this filter is known to see ASYNC dispatches.
     */
    private void endAsync(AsyncContext context) {
      if (cutShort
          && seesAsyncDispatches
          && AsyncCutOff.request(context, request, cutOffReason(request, timeout))) {
        return;
      }
      try {
        context.complete();
      } catch (IllegalStateException dispatching) {
        // Another listener (Spring MVC's) dispatched first; that dispatch ends the request, and
        // its writes go through the guard, which now drops them.
        log.debug("Async request already dispatched or completed at its timeout");
      }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      lock.lock();
      try {
        if (finished || guard.isTimedOut()) {
          return;
        }
        reachDeadline();
        finished = true;
      } finally {
        lock.unlock();
      }
      endAsync(event.getAsyncContext());
    }

    @Override
    public void onComplete(AsyncEvent event) {
      lock.lock();
      try {
        finished = true;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onError(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }
}
