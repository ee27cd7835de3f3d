package org.raktakosh.stability.health.checks;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.raktakosh.stability.health.HealthCheck;
import org.raktakosh.stability.health.HealthResult;

/**
 * Factories for the built-in health checks. Each check puts the numbers behind its verdict in
 * {@link HealthResult#details()}, so {@code /health/detailed} shows why it is DEGRADED or DOWN.
 *
 * <p>Register them like any other check:
 *
 * <pre>{@code
 * registry.register("heap", HealthChecks.heapMemory(),
 *     HealthCheckOptions.custom().groups(HealthCheckOptions.LIVENESS).build());
 * registry.register("db", HealthChecks.dataSource(dataSource, Duration.ofSeconds(2)),
 *     HealthCheckOptions.custom().groups(HealthCheckOptions.READINESS).build());
 * }</pre>
 */
public final class HealthChecks {

  /** Heap use, as a fraction of the maximum, at which {@link #heapMemory()} reports DEGRADED. */
  public static final double DEFAULT_HEAP_DEGRADED_FRACTION = 0.85;

  /** Heap use, as a fraction of the maximum, at which {@link #heapMemory()} reports DOWN. */
  public static final double DEFAULT_HEAP_DOWN_FRACTION = 0.95;

  private static final HealthCheck PING = HealthResult::up;

  private HealthChecks() {}

  /**
   * A check that is always UP: it shows that the process answers and the registry runs checks.
   *
   * @return the check
   */
  public static HealthCheck ping() {
    return PING;
  }

  /**
   * Heap use against the maximum heap, with the default thresholds ({@value
   * #DEFAULT_HEAP_DEGRADED_FRACTION} DEGRADED, {@value #DEFAULT_HEAP_DOWN_FRACTION} DOWN).
   *
   * @return the check
   * @see #heapMemory(double, double)
   */
  public static HealthCheck heapMemory() {
    return heapMemory(DEFAULT_HEAP_DEGRADED_FRACTION, DEFAULT_HEAP_DOWN_FRACTION);
  }

  /**
   * Heap use against the maximum heap (the committed heap when the JVM reports no maximum):
   * DEGRADED at or above {@code degradedFraction}, DOWN at or above {@code downFraction}. Heap use
   * includes garbage not yet collected, so prefer a DOWN threshold close to 1 and keep this check
   * out of {@code liveness} unless a restart is really what you want.
   *
   * @param degradedFraction used/max at which the check is DEGRADED, in (0, 1]
   * @param downFraction used/max at which the check is DOWN, in (0, 1], not below {@code
   *     degradedFraction}
   * @return the check
   * @throws IllegalArgumentException if a fraction is not in (0, 1] or {@code degradedFraction} is
   *     greater than {@code downFraction}
   */
  public static HealthCheck heapMemory(double degradedFraction, double downFraction) {
    return new HeapMemoryCheck(degradedFraction, downFraction);
  }

  /**
   * Usable space of the file store holding {@code path}: DOWN when fewer than {@code minFreeBytes}
   * bytes are usable, or when {@code path} does not exist.
   *
   * @param path a file or directory on the file store to watch, e.g. the log or upload directory
   * @param minFreeBytes the fewest usable bytes that still count as UP; 0 only checks the path
   * @return the check
   * @throws IllegalArgumentException if {@code minFreeBytes} is negative
   */
  public static HealthCheck diskSpace(Path path, long minFreeBytes) {
    return new DiskSpaceCheck(path, minFreeBytes);
  }

  /**
   * DOWN, naming the threads, when the JVM finds threads deadlocked on monitors or on {@code
   * java.util.concurrent} locks. Such threads never recover, which makes this a sound {@code
   * liveness} check.
   *
   * @return the check
   */
  public static HealthCheck deadlockedThreads() {
    return new DeadlockedThreadsCheck();
  }

  /**
   * Live threads of the JVM against limits: DEGRADED at or above {@code degradedAt}, DOWN at or
   * above {@code downAt}. A thread leak (a pool created per request, threads that never end) shows
   * here long before the process runs out of memory or native threads; set the limits well above
   * the application's normal peak, which {@code /health/detailed} shows as {@code peakThreads}.
   *
   * @param degradedAt live threads at which the check is DEGRADED, at least 1
   * @param downAt live threads at which the check is DOWN, not below {@code degradedAt}
   * @return the check
   * @throws IllegalArgumentException if {@code degradedAt} is less than 1 or {@code downAt} is less
   *     than {@code degradedAt}
   */
  public static HealthCheck threadCount(int degradedAt, int downAt) {
    return new ThreadCountCheck(degradedAt, downAt);
  }

  /**
   * Saturation of {@code pool}: DEGRADED when all its maximum threads are busy (new work waits in
   * the queue), DOWN when besides the queue is full (new work is rejected) or the pool is shut
   * down. A pool with an unbounded queue is at worst DEGRADED.
   *
   * @param pool the pool to watch, e.g. the application's worker pool
   * @return the check
   */
  public static HealthCheck threadPool(java.util.concurrent.ThreadPoolExecutor pool) {
    return new ThreadPoolCheck(pool);
  }

  /**
   * Borrows a connection from {@code dataSource} and validates it with {@link
   * java.sql.Connection#isValid(int)}: DOWN when the connection cannot be had, is not valid or a
   * {@link java.sql.SQLException} is thrown. The connection is always returned.
   *
   * @param dataSource the data source, usually a pool
   * @param validationTimeout how long validation may take; rounded up to whole seconds, at least 1,
   *     because JDBC counts in seconds and reads 0 as no limit
   * @return the check
   * @throws IllegalArgumentException if {@code validationTimeout} is zero or negative
   */
  public static HealthCheck dataSource(DataSource dataSource, Duration validationTimeout) {
    return new DataSourceCheck(dataSource, validationTimeout);
  }

  /**
   * GETs {@code uri}, UP on a 2xx answer, behind a circuit breaker with the defaults of {@link
   * HttpDependencyCheck}. Use {@link HttpDependencyCheck#builder(URI)} to change the timeout, the
   * client or the breaker.
   *
   * @param uri an absolute {@code http} or {@code https} URI
   * @return the check
   * @throws IllegalArgumentException if {@code uri} is not an absolute http or https URI
   */
  public static HealthCheck http(URI uri) {
    return HttpDependencyCheck.builder(uri).build();
  }
}
