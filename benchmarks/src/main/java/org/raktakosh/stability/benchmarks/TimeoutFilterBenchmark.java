package org.raktakosh.stability.benchmarks;

import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.raktakosh.stability.servlet.TimeoutConfig;
import org.raktakosh.stability.servlet.TimeoutFilter;

/**
 * What a request timeout costs per request, three ways, in one run: no timeout at all (baseline),
 * {@link TimeoutFilter} (guard + one scheduled task on a shared timer, on the container thread),
 * and the common thread hop (the handler submitted to an executor and awaited under a Resilience4j
 * {@code TimeLimiter}), which also loses thread locals and lets two threads write one response. The
 * handler writes a small JSON body; no request times out.
 *
 * <p>Run: {@code mvn -B -q install -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * TimeoutFilterBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class TimeoutFilterBenchmark {

  private static final byte[] BODY =
      "{\"id\":\"7\",\"name\":\"Asha\",\"bloodGroup\":\"O+\",\"city\":\"Pune\"}"
          .getBytes(StandardCharsets.UTF_8);

  private static final FilterChain HANDLER =
      (request, response) -> {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(200);
        http.setContentType("application/json");
        http.getOutputStream().write(BODY);
      };

  private TimeoutFilter filter;
  private ExecutorService executor;
  private TimeLimiter limiter;

  /** One exchange per benchmark thread, reused across calls. */
  @State(Scope.Thread)
  public static class Exchange {
    final BareExchange exchange = new BareExchange();
  }

  @Setup(Level.Trial)
  public void setUp() {
    filter = new TimeoutFilter(TimeoutConfig.custom().duration(Duration.ofSeconds(30)).build());
    executor = Executors.newCachedThreadPool();
    limiter =
        TimeLimiter.of(
            TimeLimiterConfig.custom()
                .timeoutDuration(Duration.ofSeconds(30))
                .cancelRunningFuture(true)
                .build());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    filter.close();
    executor.shutdownNow();
  }

  /** Baseline: the handler alone. */
  @Benchmark
  public long noTimeout(Exchange state) throws Exception {
    HANDLER.doFilter(state.exchange.request, state.exchange.response);
    return state.exchange.bytesWritten;
  }

  /** The filter: same thread, guard, one scheduled and cancelled task. */
  @Benchmark
  public long timeoutFilter(Exchange state) throws Exception {
    filter.doFilter(state.exchange.request, state.exchange.response, HANDLER);
    return state.exchange.bytesWritten;
  }

  /** The thread hop: submit to an executor, wait under a TimeLimiter. */
  @Benchmark
  public long threadHopTimeLimiter(Exchange state) throws Exception {
    limiter.executeFutureSupplier(
        () ->
            executor.submit(
                () -> {
                  HANDLER.doFilter(state.exchange.request, state.exchange.response);
                  return null;
                }));
    return state.exchange.bytesWritten;
  }
}
