package org.raktakosh.stability.benchmarks;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.raktakosh.stability.servlet.ConcurrencyLimitFilter;
import org.raktakosh.stability.servlet.CorsFilter;
import org.raktakosh.stability.servlet.ErrorRecoveryFilter;
import org.raktakosh.stability.servlet.GzipFilter;
import org.raktakosh.stability.servlet.RateLimitFilter;
import org.raktakosh.stability.servlet.RequestIdFilter;
import org.raktakosh.stability.servlet.ShutdownGateFilter;
import org.raktakosh.stability.servlet.TimeoutFilter;
import org.raktakosh.stability.servlet.TrustedHostFilter;
import org.raktakosh.stability.servlet.internal.FilterProperties;
import org.raktakosh.stability.shutdown.GracefulShutdown;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * What the whole filter stack costs per request, without a container or a network around it: the
 * nine filters configured as the RaktaKosh example configures them (trusted hosts, CORS, rate and
 * concurrency limits on; timeout, gzip, error recovery, request id at their defaults), in the
 * architecture's order, against the same handler called directly. The handler does what Spring
 * MVC's JSON converter does for a small body: content type, one write, one flush. The client sends
 * neither {@code Origin} nor {@code Accept-Encoding} ({@code wrk}'s request), or, with {@code
 * browser=true}, both as a browser on another origin does.
 *
 * <p>This separates the filters' own cost from the noise of a loopback load test, where wrk, the
 * server and the JIT share the cores: {@code stack-wrk.sh} reports the whole-server difference,
 * this the part the library's code accounts for.
 *
 * <p>One thread measures the code; {@code -t 2} adds what two busy cores pay for the state every
 * request shares (the shutdown gate's count, the bulkhead, the one client's rate limiter).
 *
 * <p>Run: {@code mvn -B -q install -DskipTests && java -jar benchmarks/target/benchmarks.jar
 * StackBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@Threads(1)
public class StackBenchmark {

  private static final byte[] BODY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

  /** What Spring MVC's message converter does with a small JSON body. */
  private static final FilterChain HANDLER =
      (request, response) -> {
        HttpServletResponse http = (HttpServletResponse) response;
        http.setContentType("application/json");
        ServletOutputStream out = http.getOutputStream();
        out.write(BODY);
        out.flush();
      };

  /** Whether the request carries a browser's {@code Origin} and {@code Accept-Encoding}. */
  @Param({"false", "true"})
  public boolean browser;

  private List<Filter> filters;
  private TimeoutFilter timeout;
  private GzipFilter gzip;

  @Setup(Level.Trial)
  public void setUp() {
    FilterProperties config = FilterProperties.parse(exampleLike());
    timeout = new TimeoutFilter(config.timeoutConfig());
    gzip = new GzipFilter(config.gzipConfig());
    filters = new ArrayList<>();
    filters.add(new RequestIdFilter(config.requestIdHeader()));
    filters.add(new TrustedHostFilter(config.trustedHostConfig()));
    filters.add(new CorsFilter(config.corsConfig()));
    filters.add(new ShutdownGateFilter(new GracefulShutdown()));
    filters.add(new RateLimitFilter(config.rateLimitConfig()));
    filters.add(new ConcurrencyLimitFilter(config.concurrencyLimitConfig()));
    filters.add(new ErrorRecoveryFilter(config.errorConfig()));
    filters.add(timeout);
    filters.add(gzip);
  }

  /** The RaktaKosh example's filter settings, with a rate limit no benchmark client reaches. */
  static Properties exampleLike() {
    Properties p = new Properties();
    p.setProperty("stability.trusted-hosts.allowed-hosts", "localhost, 127.0.0.1, [::1]");
    p.setProperty("stability.cors.allowed-origins", "http://localhost:5173");
    p.setProperty("stability.cors.allowed-methods", "GET, HEAD, POST, PUT, DELETE");
    p.setProperty("stability.cors.allowed-headers", "Content-Type, Authorization, X-Request-Id");
    p.setProperty("stability.cors.exposed-headers", "X-Request-Id");
    p.setProperty("stability.cors.allow-credentials", "true");
    p.setProperty("stability.rate-limit.enabled", "true");
    p.setProperty("stability.rate-limit.key", "client-address");
    // Not the example's 50/s: the benchmark is one client sending millions of requests.
    p.setProperty("stability.rate-limit.limit-for-period", "1000000000");
    p.setProperty("stability.concurrency-limit.enabled", "true");
    p.setProperty("stability.concurrency-limit.max-concurrent", "100");
    return p;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    timeout.close();
    gzip.close();
  }

  private MockHttpServletRequest request() {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/inventory");
    request.setServletPath("/api/inventory");
    request.setServerName("localhost");
    request.setServerPort(8003);
    request.addHeader("Host", "localhost:8003");
    request.setRemoteAddr("127.0.0.1");
    request.addHeader("Accept", "*/*");
    if (browser) {
      request.addHeader("Origin", "http://localhost:5173");
      request.addHeader("Accept-Encoding", "gzip, deflate, br, zstd");
    }
    return request;
  }

  /** Baseline: the handler alone, on a fresh request and response like every variant. */
  @Benchmark
  public int bare() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    HANDLER.doFilter(request(), response);
    return response.getContentAsByteArray().length;
  }

  /** The nine filters in the architecture's order, then the handler. */
  @Benchmark
  public int stack() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    new Chain(filters).doFilter(request(), response);
    return response.getContentAsByteArray().length;
  }

  /** A container's filter chain: each call runs the next filter, then the handler. */
  private static final class Chain implements FilterChain {
    private final List<Filter> filters;
    private int next;

    Chain(List<Filter> filters) {
      this.filters = filters;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response)
        throws IOException, ServletException {
      if (next < filters.size()) {
        filters.get(next++).doFilter(request, response, this);
      } else {
        HANDLER.doFilter(request, response);
      }
    }
  }
}
