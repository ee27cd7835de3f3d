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
import org.raktakosh.stability.problem.Problem;
import org.raktakosh.stability.servlet.internal.AtRequestEnd;
import org.raktakosh.stability.servlet.internal.Probes;
import org.raktakosh.stability.servlet.internal.ProblemResponses;
import org.raktakosh.stability.shutdown.GracefulShutdown;
import org.raktakosh.stability.shutdown.ShutdownState;

/**
 * The servlet side of {@link GracefulShutdown}: counts every request in flight (an async one until
 * its async cycle ends) and, once the drain refuses new work, answers new requests at once with a
 * 503 {@code application/problem+json}, {@code Retry-After} and {@code Connection: close}, so a
 * client on a kept-alive connection reconnects, through the load balancer, to another instance.
 * Requests still admitted while the instance drains (during the readiness delay) are served with
 * {@code Connection: close} for the same reason.
 *
 * <p>Requests mapped to the health servlet pass uncounted and never refused: probes answer during
 * the whole shutdown. Only REQUEST dispatches are counted. Mount it after {@link RequestIdFilter}
 * (and the trusted-host and CORS filters), before load shedding.
 */
public final class ShutdownGateFilter implements Filter {

  private final GracefulShutdown shutdown;
  private final String retryAfter;

  /** A gate for {@code shutdown}. */
  public ShutdownGateFilter(GracefulShutdown shutdown) {
    this.shutdown = Objects.requireNonNull(shutdown, "shutdown");
    this.retryAfter =
        Long.toString(
            ConcurrencyLimitFilter.wholeSeconds(shutdown.config().retryAfter().toNanos()));
  }

  /** The shutdown this gate serves. */
  public GracefulShutdown shutdown() {
    return shutdown;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest)
        || !(res instanceof HttpServletResponse)
        || req.getDispatcherType() != DispatcherType.REQUEST
        || Probes.isHealthRequest((HttpServletRequest) req)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    if (!shutdown.tryEnter()) {
      refuse(request, response);
      return;
    }
    if (shutdown.state() != ShutdownState.RUNNING) {
      response.setHeader("Connection", "close");
    }
    AtRequestEnd admission = new AtRequestEnd(shutdown::exit);
    try {
      chain.doFilter(request, response);
    } catch (Throwable error) {
      admission.run();
      throw error;
    }
    admission.afterChain(request);
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response) {
    Problem problem =
        ProblemResponses.forRequest(request, 503)
            .detail("The server is shutting down; retry on another instance.")
            .build();
    if (!response.isCommitted()) {
      response.setHeader("Retry-After", retryAfter);
      response.setHeader("Connection", "close");
    }
    ProblemResponses.write(response, problem);
  }
}
