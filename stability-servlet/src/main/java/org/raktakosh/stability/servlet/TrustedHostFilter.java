package org.raktakosh.stability.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.raktakosh.stability.problem.Problem;
import org.raktakosh.stability.servlet.internal.HostMatcher;
import org.raktakosh.stability.servlet.internal.PathPrefixes;
import org.raktakosh.stability.servlet.internal.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses requests whose {@code Host} is not one of {@link TrustedHostConfig#allowedHosts()} with
 * 400 {@code application/problem+json} ("invalid host header"), before any other work: a forged
 * {@code Host} poisons absolute links, password-reset mails and caches. Behind a trusted proxy
 * ({@link TrustedHostConfig#trustForwardedHeaders()}) the first {@code X-Forwarded-Host} is checked
 * instead when present. Excluded path prefixes (health probes that call by IP) are not checked.
 *
 * <p>Only REQUEST dispatches are checked. With no allowed hosts configured every host passes.
 */
public final class TrustedHostFilter implements Filter {

  private static final Logger log = LoggerFactory.getLogger(TrustedHostFilter.class);

  private final TrustedHostConfig config;
  private final HostMatcher matcher;
  private final boolean allowsAll;
  private final LongAdder rejected = new LongAdder();

  /** A filter configured by {@code config}. */
  public TrustedHostFilter(TrustedHostConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.matcher = config.matcher();
    this.allowsAll = config.allowsAll();
  }

  /** The configuration. */
  public TrustedHostConfig config() {
    return config;
  }

  /** Requests refused since start. */
  public long rejected() {
    return rejected.sum();
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (allowsAll
        || !(req instanceof HttpServletRequest)
        || !(res instanceof HttpServletResponse)
        || req.getDispatcherType() != DispatcherType.REQUEST
        || PathPrefixes.matches(config.excludedPaths(), (HttpServletRequest) req)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    String host = null;
    if (config.trustForwardedHeaders()) {
      host = first(request.getHeader("X-Forwarded-Host"));
    }
    if (host == null) {
      host = request.getHeader("Host");
    }
    if (host == null) {
      // HTTP/2 carries the authority as a pseudo-header that a container need not copy to Host.
      host = authority(request.getServerName(), request.getServerPort());
    }
    if (host != null && matcher.matches(host)) {
      chain.doFilter(req, res);
      return;
    }
    rejected.increment();
    log.debug(
        "Refused {} {}: host '{}' is not trusted",
        request.getMethod(),
        request.getRequestURI(),
        host);
    Problem problem =
        ProblemResponses.forRequest(request, HttpServletResponse.SC_BAD_REQUEST)
            .title("Invalid host header")
            .detail("invalid host header")
            .build();
    ProblemResponses.write((HttpServletResponse) res, problem);
  }

  private static String authority(String name, int port) {
    String host = name.indexOf(':') >= 0 && !name.startsWith("[") ? "[" + name + "]" : name;
    return port > 0 ? host + ":" + port : host;
  }

  private static String first(String value) {
    if (value == null) {
      return null;
    }
    int comma = value.indexOf(',');
    String first = (comma < 0 ? value : value.substring(0, comma)).trim();
    return first.isEmpty() ? null : first;
  }
}
