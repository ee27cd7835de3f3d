package org.raktakosh.connect.demo;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.EnumSet;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Filters that do nothing, for the overhead benchmark ({@code benchmarks/stack-wrk.sh}): a server
 * with Stability off and as many of these as Stability has filters shows what a filter stack costs
 * on this server before any filter does any work (the container's chain, the call sites that
 * wrappers make megamorphic), so that the stack's measured overhead can be split into that floor
 * and its filters' own work.
 *
 * <p>{@code raktakosh.demo.pass-through-filters=N} mounts N filters on {@code /*} for REQUEST
 * dispatches, where Stability's filters go (before Spring Boot's own); {@code
 * raktakosh.demo.pass-through-wrapping=W} has the innermost W of them pass the request and the
 * response on in a wrapper that overrides nothing, as Stability's error recovery, timeout and gzip
 * filters pass theirs. Absent (the default), nothing is mounted.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("raktakosh.demo.pass-through-filters")
public class PassThroughFilters {

  /** Creates the configuration; Spring calls this. */
  public PassThroughFilters() {}

  /** Mounts the filters, first among the application's filters. */
  @Bean
  ServletContextInitializer passThroughFilterMount(Environment environment) {
    int count = environment.getRequiredProperty("raktakosh.demo.pass-through-filters", int.class);
    int wrapping = environment.getProperty("raktakosh.demo.pass-through-wrapping", int.class, 0);
    if (count < 0 || wrapping < 0 || wrapping > count) {
      throw new IllegalArgumentException(
          "raktakosh.demo.pass-through-filters must be >= 0 and"
              + " raktakosh.demo.pass-through-wrapping between 0 and it: "
              + count
              + ", "
              + wrapping);
    }
    return new Mount(count, wrapping);
  }

  private record Mount(int count, int wrapping) implements ServletContextInitializer, Ordered {
    @Override
    public void onStartup(ServletContext context) {
      for (int i = 0; i < count; i++) {
        Filter filter = i >= count - wrapping ? new Wrapping() : new PassThrough();
        var registration = context.addFilter("passThrough" + i, filter);
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
      }
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE; // where Stability's request-id filter would be
    }
  }

  private static final class PassThrough implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      chain.doFilter(request, response);
    }
  }

  private static final class Wrapping implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      chain.doFilter(
          new HttpServletRequestWrapper((HttpServletRequest) request),
          new HttpServletResponseWrapper((HttpServletResponse) response));
    }
  }
}
