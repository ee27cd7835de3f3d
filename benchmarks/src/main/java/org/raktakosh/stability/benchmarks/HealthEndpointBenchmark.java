package org.raktakosh.stability.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
import org.openjdk.jmh.annotations.Warmup;
import org.raktakosh.stability.health.HealthCheckOptions;
import org.raktakosh.stability.health.HealthRegistry;
import org.raktakosh.stability.health.HealthReport;
import org.raktakosh.stability.health.HealthResult;
import org.raktakosh.stability.health.Status;
import org.raktakosh.stability.servlet.internal.HealthJson;

/**
 * The work behind {@code GET /health} and {@code GET /health/detailed} with 20 cached checks:
 * evaluate the registry (cache lookups, aggregation, analytics snapshot) and render the JSON body.
 * The baseline is what a hand-rolled endpoint does with 20 cached statuses: take the worst and
 * write {@code {"status":...}}; the ratio says what the registry's bookkeeping costs per request.
 *
 * <p>Run: {@code mvn -B -q package -pl benchmarks -am -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar HealthEndpointBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HealthEndpointBenchmark {

  private static final int CHECKS = 20;

  private HealthRegistry registry;
  private final List<Supplier<Status>> handRolled = new ArrayList<>();

  @Setup(Level.Trial)
  public void setUp() {
    registry = HealthRegistry.ofDefaults();
    HealthCheckOptions cached = HealthCheckOptions.custom().cacheTtl(Duration.ofHours(1)).build();
    for (int i = 0; i < CHECKS; i++) {
      int n = i;
      registry.register(
          "check-" + i,
          () -> HealthResult.builder(Status.UP).message("ok").detail("n", n).build(),
          cached);
      Status status = Status.UP;
      handRolled.add(() -> status);
    }
    registry.start();
    // Fill the cache so every measured evaluation is a cache hit.
    if (registry.evaluate().status() != Status.UP) {
      throw new IllegalStateException("benchmark checks must be UP");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    registry.close();
  }

  /** Baseline: worst of 20 cached statuses, written as the plain body. */
  @Benchmark
  public byte[] baselineHandRolled() {
    Status worst = Status.UP;
    for (Supplier<Status> check : handRolled) {
      worst = worst.worst(check.get());
    }
    return HealthJson.status(worst).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code GET /health}: evaluate and write the plain body. */
  @Benchmark
  public byte[] health() {
    HealthReport report = registry.evaluate();
    return HealthJson.status(report.status()).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code GET /health/detailed} without the JVM section: evaluate and write every check. */
  @Benchmark
  public byte[] healthDetailed() {
    HealthReport report = registry.evaluate();
    return HealthJson.detailed(report, false).getBytes(StandardCharsets.UTF_8);
  }
}
