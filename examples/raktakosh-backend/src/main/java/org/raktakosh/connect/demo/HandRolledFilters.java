package org.raktakosh.connect.demo;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * The peer of the overhead benchmark ({@code benchmarks/stack-wrk.sh}): what an application would
 * otherwise write itself for Stability's per-request features, from Spring's and Resilience4j's
 * parts, so that Stability's cost can be compared with the hand-rolled alternative's and not only
 * with no filter at all. Run with Stability off: {@code --stability.enabled=false
 * --raktakosh.demo.hand-rolled=true}, plus {@code --server.compression.enabled=true} for Tomcat's
 * own compression in place of the gzip filter.
 *
 * <p>Five filters, outermost first, each as commonly written: a request id from the {@code
 * X-Request-Id} header or {@link UUID#randomUUID()}, in the MDC and echoed; a trusted-host check of
 * {@link ServletRequest#getServerName()} against a set (400); Spring's {@link CorsFilter}; a
 * Resilience4j {@link Bulkhead} (503 + {@code Retry-After}); a Resilience4j {@link RateLimiter} per
 * client address in a map (429 + {@code Retry-After}). They read Stability's keys for their
 * settings ({@code stability.cors.*} with the active profile's origins, {@code
 * stability.trusted-hosts.allowed-hosts}, {@code stability.concurrency-limit.max-concurrent},
 * {@code stability.rate-limit.limit-for-period} and {@code refresh-period}), so both servers apply
 * the same policy.
 *
 * <p>What it leaves out, having no counterpart that costs anything per request: errors (Spring's
 * problem details, on in both), graceful shutdown (Spring Boot's, no filter), and the request
 * timeout (Spring MVC has none for a blocking handler). Unlike Stability's, its map of rate
 * limiters grows with every client address and is never trimmed: fine for a benchmark from one
 * address, not for production.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("raktakosh.demo.hand-rolled")
public class HandRolledFilters {

  /** Creates the configuration; Spring calls this. */
  public HandRolledFilters() {}

  /** Mounts the filters, first among the application's filters, where Stability's go. */
  @Bean
  ServletContextInitializer handRolledFilterMount(Environment environment) {
    return new Mount(
        List.of(
            new RequestId(),
            new TrustedHost(list(environment, "stability.trusted-hosts.allowed-hosts")),
            new CorsFilter(cors(environment)),
            new Shedding(
                environment.getProperty(
                    "stability.concurrency-limit.max-concurrent", int.class, 100)),
            new PerClientRateLimit(
                environment.getProperty("stability.rate-limit.limit-for-period", int.class, 50),
                environment.getProperty(
                    "stability.rate-limit.refresh-period",
                    Duration.class,
                    Duration.ofSeconds(1)))));
  }

  private static UrlBasedCorsConfigurationSource cors(Environment environment) {
    String profile = environment.getProperty("stability.cors.profile", "dev");
    CorsConfiguration cors = new CorsConfiguration();
    cors.setAllowedOrigins(
        list(environment, "stability.cors.profiles." + profile + ".allowed-origins"));
    cors.setAllowedMethods(list(environment, "stability.cors.allowed-methods"));
    cors.setAllowedHeaders(list(environment, "stability.cors.allowed-headers"));
    cors.setExposedHeaders(list(environment, "stability.cors.exposed-headers"));
    cors.setAllowCredentials(
        environment.getProperty("stability.cors.allow-credentials", boolean.class, false));
    cors.setMaxAge(environment.getProperty("stability.cors.max-age", Duration.class));
    UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
    source.registerCorsConfiguration("/**", cors);
    return source;
  }

  private static List<String> list(Environment environment, String key) {
    return List.of(StringUtils.commaDelimitedListToStringArray(environment.getProperty(key, "")))
        .stream()
        .map(String::trim)
        .filter(value -> !value.isEmpty())
        .toList();
  }

  private record Mount(List<Filter> filters) implements ServletContextInitializer, Ordered {
    @Override
    public void onStartup(ServletContext context) {
      for (Filter filter : filters) {
        var registration =
            context.addFilter("handRolled" + filter.getClass().getSimpleName(), filter);
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
      }
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }
  }

  private static final class RequestId implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      String id = ((HttpServletRequest) req).getHeader("X-Request-Id");
      if (id == null || id.isBlank() || id.length() > 128) {
        id = UUID.randomUUID().toString();
      }
      MDC.put("requestId", id);
      ((HttpServletResponse) res).setHeader("X-Request-Id", id);
      try {
        chain.doFilter(req, res);
      } finally {
        MDC.remove("requestId");
      }
    }
  }

  private static final class TrustedHost implements Filter {
    private final Set<String> hosts;

    TrustedHost(List<String> hosts) {
      this.hosts =
          hosts.stream()
              .map(host -> host.startsWith("[") ? host : host.toLowerCase())
              .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      String host = req.getServerName();
      if (host == null || !hosts.contains(host.toLowerCase())) {
        ((HttpServletResponse) res).sendError(400, "Host not allowed");
        return;
      }
      chain.doFilter(req, res);
    }
  }

  private static final class Shedding implements Filter {
    private final Bulkhead bulkhead;

    Shedding(int maxConcurrent) {
      bulkhead =
          Bulkhead.of(
              "hand-rolled",
              BulkheadConfig.custom()
                  .maxConcurrentCalls(maxConcurrent)
                  .maxWaitDuration(Duration.ZERO)
                  .build());
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      if (!bulkhead.tryAcquirePermission()) {
        HttpServletResponse response = (HttpServletResponse) res;
        response.setHeader("Retry-After", "1");
        response.sendError(503);
        return;
      }
      try {
        chain.doFilter(req, res);
      } finally {
        bulkhead.onComplete();
      }
    }
  }

  private static final class PerClientRateLimit implements Filter {
    private final RateLimiterConfig config;
    private final ConcurrentMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    PerClientRateLimit(int limitForPeriod, Duration refreshPeriod) {
      config =
          RateLimiterConfig.custom()
              .limitForPeriod(limitForPeriod)
              .limitRefreshPeriod(refreshPeriod)
              .timeoutDuration(Duration.ZERO)
              .build();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
        throws IOException, ServletException {
      RateLimiter limiter =
          limiters.computeIfAbsent(req.getRemoteAddr(), key -> RateLimiter.of(key, config));
      if (!limiter.acquirePermission()) {
        HttpServletResponse response = (HttpServletResponse) res;
        response.setHeader("Retry-After", "1");
        response.sendError(429);
        return;
      }
      chain.doFilter(req, res);
    }
  }
}
