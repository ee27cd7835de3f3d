package org.raktakosh.stability.benchmarks;

import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.util.List;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.raktakosh.stability.servlet.CorsConfig;
import org.raktakosh.stability.servlet.CorsFilter;
import org.raktakosh.stability.servlet.CorsPolicy;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * CORS handling per request, ours against Spring's {@code
 * org.springframework.web.filter.CorsFilter} with the same configuration (one exact origin, one
 * origin pattern, three methods, two headers, one exposed header, credentials, 30 min max-age, on
 * every path), in one run: a preflight (answered by the filter) and an actual GET from an allowed
 * origin (headers added, chain called). Both filters see the same Spring mock request and response,
 * reset between calls, so their cost cancels in the ratio. One thread: the filters share nothing
 * mutable but counters, and on a small shared machine two threads measure the neighbours more than
 * the filters.
 *
 * <p>Run: {@code mvn -B -q package -pl benchmarks -am -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar CorsFilterBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class CorsFilterBenchmark {

  private static final String ORIGIN = "https://app.raktakosh.org";
  private static final FilterChain HANDLER = (request, response) -> {};

  private CorsFilter ours;
  private org.springframework.web.filter.CorsFilter spring;

  /** One preflight and one actual request per benchmark thread, reset before each call. */
  @State(Scope.Thread)
  public static class Exchange {
    final MockHttpServletRequest preflight = new MockHttpServletRequest("OPTIONS", "/api/donors");
    final MockHttpServletRequest actual = new MockHttpServletRequest("GET", "/api/donors");
    final MockHttpServletResponse response = new MockHttpServletResponse();

    @Setup(Level.Trial)
    public void setUp() {
      for (MockHttpServletRequest request : List.of(preflight, actual)) {
        request.setServletPath("/api/donors");
        request.setServerName("api.raktakosh.org");
        request.setServerPort(443);
        request.setScheme("https");
        request.addHeader("Origin", ORIGIN);
      }
      preflight.addHeader("Access-Control-Request-Method", "POST");
      preflight.addHeader("Access-Control-Request-Headers", "content-type");
    }

    MockHttpServletRequest fresh(MockHttpServletRequest request) {
      // A new request each time: nothing either filter cached in attributes survives.
      request.clearAttributes();
      response.reset();
      return request;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    ours =
        new CorsFilter(
            CorsConfig.of(
                CorsPolicy.custom()
                    .allowedOrigins(ORIGIN)
                    .allowedOriginPatterns("http://localhost:[*]")
                    .allowedMethods("GET", "POST", "PUT")
                    .allowedHeaders("Content-Type", "Authorization")
                    .exposedHeaders("X-Request-Id")
                    .allowCredentials(true)
                    .maxAge(Duration.ofMinutes(30))
                    .build()));
    CorsConfiguration config = new CorsConfiguration();
    config.setAllowedOrigins(List.of(ORIGIN));
    config.setAllowedOriginPatterns(List.of("http://localhost:[*]"));
    config.setAllowedMethods(List.of("GET", "POST", "PUT"));
    config.setAllowedHeaders(List.of("Content-Type", "Authorization"));
    config.setExposedHeaders(List.of("X-Request-Id"));
    config.setAllowCredentials(true);
    config.setMaxAge(1800L);
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/**", config);
    spring = new org.springframework.web.filter.CorsFilter(source);
  }

  /** Our filter answers a preflight. */
  @Benchmark
  public int preflightOurs(Exchange state) throws Exception {
    ours.doFilter(state.fresh(state.preflight), state.response, HANDLER);
    return state.response.getStatus();
  }

  /** Spring's filter answers the same preflight. */
  @Benchmark
  public int preflightSpring(Exchange state) throws Exception {
    spring.doFilter(state.fresh(state.preflight), state.response, HANDLER);
    return state.response.getStatus();
  }

  /** Our filter adds the headers of an allowed actual request. */
  @Benchmark
  public int actualOurs(Exchange state) throws Exception {
    ours.doFilter(state.fresh(state.actual), state.response, HANDLER);
    return state.response.getHeaderNames().size();
  }

  /** Spring's filter adds the headers of the same request. */
  @Benchmark
  public int actualSpring(Exchange state) throws Exception {
    spring.doFilter(state.fresh(state.actual), state.response, HANDLER);
    return state.response.getHeaderNames().size();
  }
}
