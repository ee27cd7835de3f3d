package org.raktakosh.stability.spring;

import org.springframework.core.Ordered;

/**
 * Orders of the Stability filters in a Spring Boot application, outermost first, as in the filter
 * chain of the architecture. Use them to place a filter of your own between two of ours, such as
 * {@code StabilityFilterOrders.ERROR_RECOVERY + 1} for a filter whose failures should become
 * problem responses.
 *
 * <p>{@link #REQUEST_ID} is {@link Ordered#HIGHEST_PRECEDENCE}, the same order as Boot's {@code
 * OrderedCharacterEncodingFilter} and {@code ForwardedHeaderFilter} (which of those runs first does
 * not matter: none reads what another writes). The others follow at steps of 10, which leaves room
 * for the application's filters in between and keeps ours outside Spring Security ({@code -100}),
 * Boot's {@code RequestContextFilter} ({@code -105}) and {@code FormContentFilter} ({@code -9900}):
 * CORS answers preflights before security sees them, and error recovery catches what those filters
 * throw. Boot's HTTP observation filter ({@code HIGHEST_PRECEDENCE + 1}) falls between the request
 * id and the others, so traces see the request id's MDC and record the status that error recovery
 * wrote.
 */
public final class StabilityFilterOrders {

  /** Step between two Stability filters. */
  private static final int STEP = 10;

  /** {@code RequestIdFilter}: outermost, so every log line and error body carries the id. */
  public static final int REQUEST_ID = Ordered.HIGHEST_PRECEDENCE;

  /** Trusted-host check: reject a forged {@code Host} before any work. */
  public static final int TRUSTED_HOST = REQUEST_ID + STEP;

  /** CORS: its headers must be on every response, errors and 503s included. */
  public static final int CORS = REQUEST_ID + 2 * STEP;

  /** Shutdown gate: during drain, refuse new work with 503. */
  public static final int SHUTDOWN_GATE = REQUEST_ID + 3 * STEP;

  /** Concurrency limit: shed load with 503 and {@code Retry-After}. */
  public static final int CONCURRENCY_LIMIT = REQUEST_ID + 4 * STEP;

  /** {@code ErrorRecoveryFilter}: any failure inside becomes a problem response. */
  public static final int ERROR_RECOVERY = REQUEST_ID + 5 * STEP;

  /** Request timeout: bounds the time of everything inside. */
  public static final int TIMEOUT = REQUEST_ID + 6 * STEP;

  /** GZip: compresses what the application writes. */
  public static final int GZIP = REQUEST_ID + 7 * STEP;

  private StabilityFilterOrders() {}
}
