package org.raktakosh.stability.servlet;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.core.exception.AcquirePermissionCancelledException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.raktakosh.stability.problem.Problem;
import org.raktakosh.stability.servlet.internal.AtRequestEnd;
import org.raktakosh.stability.servlet.internal.PathPrefixes;
import org.raktakosh.stability.servlet.internal.Probes;
import org.raktakosh.stability.servlet.internal.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sheds load: at most {@link ConcurrencyLimitConfig#maxConcurrent()} requests are in progress at
 * once, counted by a Resilience4j semaphore {@link Bulkhead}. A request over the limit (after
 * waiting up to {@link ConcurrencyLimitConfig#maxWait()}) is answered at once with a 503 {@code
 * application/problem+json} and {@code Retry-After}; the application never sees it.
 *
 * <p>Each admitted request releases its permit exactly once: when the chain returns, when it throws
 * (the exception is rethrown for {@link ErrorRecoveryFilter} or the container to answer), or, for a
 * request that went async, when its async cycle ends ({@code onComplete}, {@code onError} or {@code
 * onTimeout}, whichever comes first). A client that goes away is one of these cases: the handler
 * either returns or fails writing.
 *
 * <p>Only REQUEST dispatches take a permit: the ASYNC and ERROR dispatches of a request run under
 * the permit it already holds, and FORWARD/INCLUDE happen inside it. Requests mapped to the health
 * servlet (registered as {@value StabilityInstaller#HEALTH_SERVLET_NAME}, at any path or alias) and
 * excluded path prefixes ({@code /health} by default) bypass the limit so probes answer under
 * overload.
 *
 * <p>Install it for REQUEST dispatches (ASYNC and ERROR do no harm) after {@link RequestIdFilter},
 * so refusals carry the request id. {@link ConcurrencyLimitMetrics} publishes the refusals and,
 * through Resilience4j's own binder, the bulkhead's available and maximum permits.
 */
public final class ConcurrencyLimitFilter implements Filter {

  private static final Logger log = LoggerFactory.getLogger(ConcurrencyLimitFilter.class);

  private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

  private final ConcurrencyLimitConfig config;
  private final Bulkhead bulkhead;
  private final LongAdder rejected = new LongAdder();

  /** Computed once: it does not change per request. */
  private final String retryAfter;

  /** A filter with every default. */
  public ConcurrencyLimitFilter() {
    this(ConcurrencyLimitConfig.ofDefaults());
  }

  /** A filter configured by {@code config}. */
  public ConcurrencyLimitFilter(ConcurrencyLimitConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.bulkhead =
        Bulkhead.of(
            config.name(),
            BulkheadConfig.custom()
                .maxConcurrentCalls(config.maxConcurrent())
                .maxWaitDuration(config.maxWait())
                // Refusals are answered here, never thrown, so a stack trace would be wasted work.
                .writableStackTraceEnabled(false)
                .build());
    this.retryAfter = Long.toString(wholeSeconds(config.retryAfter().toNanos()));
  }

  /** The configuration. */
  public ConcurrencyLimitConfig config() {
    return config;
  }

  /**
   * The bulkhead counting requests in progress, for metrics ({@code TaggedBulkheadMetrics}) and
   * events ({@code getEventPublisher().onCallRejected(...)}). Do not acquire or release its permits
   * from outside.
   */
  public Bulkhead bulkhead() {
    return bulkhead;
  }

  /** Requests refused since start because the limit was reached. */
  public long rejected() {
    return rejected.sum();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest)
        || !(res instanceof HttpServletResponse)
        || req.getDispatcherType() != DispatcherType.REQUEST
        || PathPrefixes.matches(config.excludedPaths(), (HttpServletRequest) req)
        || Probes.isHealthRequest((HttpServletRequest) req)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    if (!tryAcquire()) {
      refuse(request, response);
      return;
    }
    AtRequestEnd permit = new AtRequestEnd(bulkhead::onComplete);
    try {
      chain.doFilter(request, response);
    } catch (Throwable error) {
      permit.run();
      throw error;
    }
    permit.afterChain(request);
  }

  private boolean tryAcquire() {
    try {
      return bulkhead.tryAcquirePermission();
    } catch (AcquirePermissionCancelledException interrupted) {
      // Interrupted during maxWait; Resilience4j has restored the interrupt flag for the container.
      return false;
    }
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response) {
    rejected.increment();
    log.debug(
        "Refused {} {}: already at the limit of {} concurrent requests",
        request.getMethod(),
        request.getRequestURI(),
        config.maxConcurrent());
    Problem problem =
        ProblemResponses.forRequest(request, 503)
            .detail("The server is at its limit of concurrent requests; retry later.")
            .build();
    if (!response.isCommitted()) {
      // Set before writing: ProblemResponses resets the buffer but keeps headers.
      response.setHeader("Retry-After", retryAfter);
    }
    ProblemResponses.write(response, problem);
  }

  /** Whole seconds for a {@code Retry-After}: rounded up, at least 1. */
  static long wholeSeconds(long nanos) {
    if (nanos <= NANOS_PER_SECOND) {
      return 1;
    }
    return nanos / NANOS_PER_SECOND + (nanos % NANOS_PER_SECOND == 0 ? 0 : 1);
  }
}
