package org.raktakosh.stability.health.checks;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a dependency over HTTP: GETs a URI and is UP when the answer is 2xx within the request
 * timeout, DOWN otherwise (the message names the status code or the exception).
 *
 * <p>The requests go through a Resilience4j {@link CircuitBreaker}, so that a dependency that is
 * down is not hammered by every probe of every instance: once the breaker opens, the check answers
 * DOWN at once without a request until the breaker lets a trial call through. The default breaker
 * opens when at least {@value #DEFAULT_FAILURE_RATE_THRESHOLD}% of the last {@value
 * #DEFAULT_SLIDING_WINDOW_SIZE} calls failed (once {@value #DEFAULT_MINIMUM_NUMBER_OF_CALLS} calls
 * were made), stays open for {@link #DEFAULT_WAIT_DURATION_IN_OPEN_STATE} and then lets {@value
 * #DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE} trial call decide whether it closes.
 *
 * <p>Keep the request timeout below the check's {@link
 * org.raktakosh.stability.health.HealthCheckOptions#timeout() registry timeout}, so the check
 * reports the slow dependency itself rather than being cut off. A check belongs in {@code
 * readiness}, never in {@code liveness}: restarting this process does not repair the dependency.
 *
 * <pre>{@code
 * HealthCheck payments = HttpDependencyCheck.builder(URI.create("https://payments/health"))
 *     .requestTimeout(Duration.ofSeconds(2))
 *     .degradedOnSlowerThan(Duration.ofMillis(500))
 *     .build();
 * }</pre>
 */
public final class HttpDependencyCheck implements HealthCheck {

  /** Default time from sending the request to receiving the response headers. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /** Default failure rate, in percent, at which the breaker opens. */
  public static final float DEFAULT_FAILURE_RATE_THRESHOLD = 50f;

  /** Default number of recent calls the failure rate is computed over. */
  public static final int DEFAULT_SLIDING_WINDOW_SIZE = 5;

  /** Default number of calls needed before the failure rate counts, so one blip does not open. */
  public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 3;

  /** Default time the breaker stays open before it lets a trial call through. */
  public static final Duration DEFAULT_WAIT_DURATION_IN_OPEN_STATE = Duration.ofSeconds(30);

  /**
   * Default number of trial calls when half-open. One, because checks run seldom (every minute in
   * the background): Resilience4j's default of 10 would keep a recovered dependency reported DOWN
   * for ten runs.
   */
  public static final int DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE = 1;

  private static final Logger log = LoggerFactory.getLogger(HttpDependencyCheck.class);

  private final URI uri;
  private final HttpClient client;
  private final HttpRequest request;
  private final CircuitBreaker breaker;
  private final Duration requestTimeout;
  private final Duration degradedOnSlowerThan;

  private HttpDependencyCheck(Builder builder) {
    this.uri = builder.uri;
    this.requestTimeout = builder.requestTimeout;
    this.degradedOnSlowerThan = builder.degradedOnSlowerThan;
    this.client =
        builder.httpClient != null
            ? builder.httpClient
            : HttpClient.newBuilder()
                .connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    // Built once: the request never changes between runs.
    this.request = HttpRequest.newBuilder(uri).GET().timeout(requestTimeout).build();
    if (builder.circuitBreaker != null) {
      this.breaker = builder.circuitBreaker;
    } else {
      this.breaker = CircuitBreaker.of("health-" + uri, defaultCircuitBreakerConfig());
      // Only for a breaker of our own: one the caller passes in is theirs to observe.
      breaker
          .getEventPublisher()
          .onStateTransition(
              event ->
                  log.info(
                      "Circuit breaker of health check for {}: {}",
                      uri,
                      event.getStateTransition()));
    }
  }

  /**
   * A builder for a check of {@code uri}.
   *
   * @param uri an absolute {@code http} or {@code https} URI
   * @return the builder
   * @throws IllegalArgumentException if {@code uri} is not an absolute http or https URI
   */
  public static Builder builder(URI uri) {
    return new Builder(uri);
  }

  /**
   * The breaker configuration used when the builder is given no breaker; start from it to create a
   * breaker in your own {@code CircuitBreakerRegistry} (for its metrics) with the same behaviour.
   *
   * @return a count-based breaker configuration with the {@code DEFAULT_*} values of this class
   */
  public static CircuitBreakerConfig defaultCircuitBreakerConfig() {
    return CircuitBreakerConfig.custom()
        .slidingWindowType(SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(DEFAULT_SLIDING_WINDOW_SIZE)
        .minimumNumberOfCalls(DEFAULT_MINIMUM_NUMBER_OF_CALLS)
        .failureRateThreshold(DEFAULT_FAILURE_RATE_THRESHOLD)
        .waitDurationInOpenState(DEFAULT_WAIT_DURATION_IN_OPEN_STATE)
        .permittedNumberOfCallsInHalfOpenState(DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE)
        .build();
  }

  /**
   * The URI this check GETs.
   *
   * @return the URI
   */
  public URI uri() {
    return uri;
  }

  /**
   * The breaker in front of the requests, for example to bind its metrics or reset it.
   *
   * @return the breaker
   */
  public CircuitBreaker circuitBreaker() {
    return breaker;
  }

  /**
   * Sends one GET unless the breaker is open, and records the outcome in the breaker.
   *
   * @return UP on 2xx (DEGRADED if slower than configured), DOWN on any other status, an I/O
   *     failure, a timeout or an open breaker
   * @throws InterruptedException if the thread is interrupted while waiting for the response (the
   *     registry does so when the check times out); the breaker does not count it
   */
  @Override
  public HealthResult check() throws InterruptedException {
    if (!breaker.tryAcquirePermission()) {
      return notPermitted();
    }
    long start = System.nanoTime();
    // Every permission must end in onSuccess, onError or releasePermission, or a half-open breaker
    // runs out of trial calls for good.
    boolean recorded = false;
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      long elapsed = System.nanoTime() - start;
      int code = response.statusCode();
      HealthResult.Builder result;
      if (code >= 200 && code < 300) {
        breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
        recorded = true;
        boolean slow = degradedOnSlowerThan != null && elapsed > degradedOnSlowerThan.toNanos();
        result =
            slow
                ? HealthResult.builder(Status.DEGRADED)
                    .message(
                        "slow: "
                            + TimeUnit.NANOSECONDS.toMillis(elapsed)
                            + " ms, above "
                            + degradedOnSlowerThan.toMillis()
                            + " ms")
                : HealthResult.builder(Status.UP);
      } else {
        breaker.onError(elapsed, TimeUnit.NANOSECONDS, new UnexpectedStatusException(code));
        recorded = true;
        result = HealthResult.builder(Status.DOWN).message("HTTP " + code + " from " + uri);
      }
      return result
          .detail("uri", uri.toString())
          .detail("httpStatus", code)
          .detail("latencyMs", TimeUnit.NANOSECONDS.toMillis(elapsed))
          .detail("circuitBreaker", breaker.getState().name())
          .build();
    } catch (IOException e) {
      long elapsed = System.nanoTime() - start;
      breaker.onError(elapsed, TimeUnit.NANOSECONDS, e);
      recorded = true;
      String message =
          e instanceof HttpTimeoutException
              ? "no response from "
                  + uri
                  + " within "
                  + requestTimeout.toMillis()
                  + " ms ("
                  + e.getClass().getName()
                  + ")"
              : "request to " + uri + " failed: " + e.getClass().getName();
      return HealthResult.builder(Status.DOWN)
          .message(message)
          .error(e)
          .detail("uri", uri.toString())
          .detail("latencyMs", TimeUnit.NANOSECONDS.toMillis(elapsed))
          .detail("circuitBreaker", breaker.getState().name())
          .build();
    } finally {
      if (!recorded) {
        // Interrupted or failed on our side: not the dependency's fault, so not counted.
        breaker.releasePermission();
      }
    }
  }

  private HealthResult notPermitted() {
    CircuitBreaker.State state = breaker.getState();
    String message =
        state == CircuitBreaker.State.HALF_OPEN
            ? "circuit breaker is half-open and its trial calls are in flight; not calling " + uri
            : "circuit breaker is "
                + state.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + "; not calling "
                + uri;
    HealthResult.Builder result =
        HealthResult.builder(Status.DOWN)
            .message(message)
            .detail("uri", uri.toString())
            .detail("circuitBreaker", state.name());
    float failureRate = breaker.getMetrics().getFailureRate();
    if (failureRate >= 0) {
      result.detail("failureRatePercent", failureRate);
    }
    return result.build();
  }

  @Override
  public String toString() {
    return "HttpDependencyCheck{uri=" + uri + ", circuitBreaker=" + breaker.getState() + '}';
  }

  /** A non-2xx answer, recorded by the breaker as a failure like any exception. */
  private static final class UnexpectedStatusException extends Exception {
    private static final long serialVersionUID = 1L;

    UnexpectedStatusException(int status) {
      // No stack trace: the status code says everything, and failures may be frequent.
      super("HTTP " + status, null, false, false);
    }
  }

  /** Builds an {@link HttpDependencyCheck}; each setter rejects a bad value at once. */
  public static final class Builder {
    private final URI uri;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration degradedOnSlowerThan;
    private HttpClient httpClient;
    private CircuitBreaker circuitBreaker;

    private Builder(URI uri) {
      Objects.requireNonNull(uri, "uri");
      String scheme = uri.getScheme();
      if (!uri.isAbsolute()
          || uri.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new IllegalArgumentException("uri must be an absolute http or https URI: " + uri);
      }
      this.uri = uri;
    }

    /**
     * Sets how long to wait for the response headers (and, with the default client, for the
     * connection). Default {@link #DEFAULT_REQUEST_TIMEOUT}.
     *
     * @param timeout the timeout
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = requirePositive(timeout, "requestTimeout");
      return this;
    }

    /**
     * Reports DEGRADED instead of UP when a 2xx answer takes longer than {@code threshold}. Off by
     * default.
     *
     * @param threshold the latency above which a successful call is DEGRADED
     * @return this builder
     * @throws IllegalArgumentException if {@code threshold} is zero or negative
     */
    public Builder degradedOnSlowerThan(Duration threshold) {
      this.degradedOnSlowerThan = requirePositive(threshold, "degradedOnSlowerThan");
      return this;
    }

    /**
     * Sets the client, for a proxy, TLS settings or an authenticator. By default each check has its
     * own client with a connect timeout equal to the request timeout and normal redirects.
     *
     * @param client the client
     * @return this builder
     */
    public Builder httpClient(HttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "httpClient");
      return this;
    }

    /**
     * Sets the breaker, for example one from your {@code CircuitBreakerRegistry} so that its
     * metrics are published. By default each check has its own breaker with {@link
     * #defaultCircuitBreakerConfig()}.
     *
     * @param breaker the breaker; it should not be shared with other calls, whose failures would
     *     then open it for this check too
     * @return this builder
     */
    public Builder circuitBreaker(CircuitBreaker breaker) {
      this.circuitBreaker = Objects.requireNonNull(breaker, "circuitBreaker");
      return this;
    }

    /**
     * The check.
     *
     * @return the check
     * @throws IllegalArgumentException if {@code degradedOnSlowerThan} is not shorter than {@code
     *     requestTimeout}, so that it could never apply
     */
    public HttpDependencyCheck build() {
      if (degradedOnSlowerThan != null && degradedOnSlowerThan.compareTo(requestTimeout) >= 0) {
        throw new IllegalArgumentException(
            "degradedOnSlowerThan ("
                + degradedOnSlowerThan
                + ") must be shorter than requestTimeout ("
                + requestTimeout
                + ")");
      }
      return new HttpDependencyCheck(this);
    }

    private static Duration requirePositive(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + value);
      }
      return value;
    }
  }
}
