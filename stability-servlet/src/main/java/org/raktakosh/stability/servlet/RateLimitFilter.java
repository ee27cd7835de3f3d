package org.raktakosh.stability.servlet;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.raktakosh.stability.problem.Problem;
import org.raktakosh.stability.servlet.internal.BoundedKeyMap;
import org.raktakosh.stability.servlet.internal.PathPrefixes;
import org.raktakosh.stability.servlet.internal.Probes;
import org.raktakosh.stability.servlet.internal.ProblemResponses;
import org.raktakosh.stability.servlet.internal.WarmupRequests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits the rate of requests, globally or per key (client address, a header, the principal), with
 * Resilience4j {@link RateLimiter}s: {@link RateLimitConfig#limitForPeriod()} requests per {@link
 * RateLimitConfig#refreshPeriod()}. A request over the limit is answered at once with a 429 {@code
 * application/problem+json} and a {@code Retry-After} of the whole seconds until its key's next
 * permit (rounded up, at least 1); the application never sees it. Requests never wait for a permit:
 * waiting would hold a container thread, which is the resource being protected.
 *
 * <p>Per-key limiters live in a bounded map (at most {@link RateLimitConfig#maxKeys()}, least
 * recently used forgotten first, idle keys forgotten after {@link
 * RateLimitConfig#evictIdleAfter()}), so a client inventing keys cannot exhaust memory.
 *
 * <p>Only REQUEST dispatches take a permit; ASYNC and ERROR dispatches belong to a request already
 * counted. Requests mapped to the health servlet (at any path or alias) and excluded path prefixes
 * ({@code /health} by default) are never limited, nor are the requests of a {@link Warmup} while it
 * runs.
 */
public final class RateLimitFilter implements Filter {

  private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

  // Prefixes keep the key spaces apart: a header value can never collide with an address.
  private static final String ADDRESS_KEY = "a:";
  private static final String HEADER_KEY = "h:";
  private static final String PRINCIPAL_KEY = "p:";

  private final RateLimitConfig config;
  private final RateLimiterConfig limiterConfig;
  private final LongSupplier nanoTime;

  /** The one limiter for {@link RateLimitConfig.Key#GLOBAL}, else null. */
  private final RateLimiter global;

  /** The per-key limiters, else null. */
  private final BoundedKeyMap<RateLimiter> perKey;

  private final LongAdder rejected = new LongAdder();

  /** A filter with every default. */
  public RateLimitFilter() {
    this(RateLimitConfig.ofDefaults());
  }

  /** A filter configured by {@code config}. */
  public RateLimitFilter(RateLimitConfig config) {
    this(config, System::nanoTime);
  }

  /** For tests: {@code nanoTime} drives both the limiters' periods and idle eviction. */
  RateLimitFilter(RateLimitConfig config, LongSupplier nanoTime) {
    this.config = Objects.requireNonNull(config, "config");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.limiterConfig =
        RateLimiterConfig.custom()
            .limitForPeriod(config.limitForPeriod())
            .limitRefreshPeriod(config.refreshPeriod())
            .timeoutDuration(Duration.ZERO)
            // Refusals are answered here, never thrown, so a stack trace would be wasted work.
            .writableStackTraceEnabled(false)
            .build();
    if (config.key().kind() == RateLimitConfig.Key.Kind.GLOBAL) {
      this.global = newLimiter();
      this.perKey = null;
    } else {
      this.global = null;
      this.perKey =
          new BoundedKeyMap<>(
              config.maxKeys(), config.evictIdleAfter().toNanos(), nanoTime, key -> newLimiter());
    }
  }

  /** The configuration. */
  public RateLimitConfig config() {
    return config;
  }

  /**
   * The shared limiter when the key is {@link RateLimitConfig.Key#GLOBAL}, for metrics ({@code
   * TaggedRateLimiterMetrics}) and events; empty for per-key limits, whose limiters come and go.
   */
  public Optional<RateLimiter> globalRateLimiter() {
    return Optional.ofNullable(global);
  }

  /** Requests refused with 429 since start. */
  public long rejected() {
    return rejected.sum();
  }

  /** The number of keys tracked now (0 for a global limit); never above {@code maxKeys}. */
  public int trackedKeys() {
    return perKey == null ? 0 : perKey.size();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest)
        || !(res instanceof HttpServletResponse)
        || req.getDispatcherType() != DispatcherType.REQUEST
        || PathPrefixes.matches(config.excludedPaths(), (HttpServletRequest) req)
        || Probes.isHealthRequest((HttpServletRequest) req)
        || WarmupRequests.isWarmup((HttpServletRequest) req)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    RateLimiter limiter = global != null ? global : perKey.get(keyOf(request));
    if (limiter.acquirePermission()) {
      chain.doFilter(request, res);
      return;
    }
    refuse(request, (HttpServletResponse) res, limiter);
  }

  private String keyOf(HttpServletRequest request) {
    RateLimitConfig.Key key = config.key();
    switch (key.kind()) {
      case HEADER:
        String value = request.getHeader(key.headerName().orElseThrow());
        if (value != null && !value.isBlank()) {
          return HEADER_KEY + value;
        }
        break;
      case PRINCIPAL:
        Principal principal = request.getUserPrincipal();
        if (principal != null && principal.getName() != null) {
          return PRINCIPAL_KEY + principal.getName();
        }
        break;
      default:
        // CLIENT_ADDRESS: every key is an address, so none needs a prefix (and none is built).
        return request.getRemoteAddr();
    }
    // The fallback for a missing header or principal, kept apart from header and principal keys.
    return ADDRESS_KEY + request.getRemoteAddr();
  }

  private void refuse(
      HttpServletRequest request, HttpServletResponse response, RateLimiter limiter) {
    rejected.increment();
    long retryAfter = ConcurrencyLimitFilter.wholeSeconds(nanosToNextPermit(limiter));
    // The key is not logged: it may be an API key or a user name.
    log.debug("Rate limited {} {}", request.getMethod(), request.getRequestURI());
    Problem problem =
        ProblemResponses.forRequest(request, 429)
            .detail("Too many requests; retry after " + retryAfter + " s.")
            .build();
    if (!response.isCommitted()) {
      response.setHeader("Retry-After", Long.toString(retryAfter));
    }
    ProblemResponses.write(response, problem);
  }

  /**
   * The wait until the limiter grants its next permit. Only Resilience4j's {@link
   * AtomicRateLimiter} (what {@link RateLimiter#of} builds) can tell; a refused acquire leaves its
   * state unchanged, so the estimate is what the refused request would have waited. Any other
   * implementation gets the whole period, an upper bound.
   */
  private long nanosToNextPermit(RateLimiter limiter) {
    if (limiter instanceof AtomicRateLimiter) {
      return ((AtomicRateLimiter) limiter).getDetailedMetrics().getNanosToWait();
    }
    return config.refreshPeriod().toNanos();
  }

  private RateLimiter newLimiter() {
    return RateLimiter.of(config.name(), limiterConfig, nanoTime::getAsLong);
  }
}
