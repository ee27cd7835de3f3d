package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The rate limiter without a container, with time moved by the test instead of waited for. */
class RateLimitFilterUnitTest {

  private final AtomicLong nanos = new AtomicLong(TimeUnit.DAYS.toNanos(1));
  private final AtomicInteger passed = new AtomicInteger();
  private final FilterChain chain = (request, response) -> passed.incrementAndGet();

  private RateLimitFilter filter(RateLimitConfig config) {
    return new RateLimitFilter(config, nanos::get);
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void globalLimitIsSharedAndRetryAfterCountsDownToTheNextPeriod() throws Exception {
    RateLimitFilter filter =
        filter(
            RateLimitConfig.custom()
                .key(RateLimitConfig.Key.GLOBAL)
                .limitForPeriod(3)
                .refreshPeriod(Duration.ofSeconds(10))
                .build());
    for (int i = 0; i < 3; i++) {
      filter.doFilter(new Call("192.0.2." + i).request, new Call("x").response, chain);
    }

    Call refused = new Call("192.0.2.99");
    filter.doFilter(refused.request, refused.response, chain);
    assertThat(refused.status).isEqualTo(429);
    assertThat(refused.headers).containsEntry("Retry-After", "10");

    advance(Duration.ofMillis(2500));
    Call later = new Call("192.0.2.99");
    filter.doFilter(later.request, later.response, chain);
    assertThat(later.headers).containsEntry("Retry-After", "8");

    advance(Duration.ofMillis(7500));
    Call next = new Call("192.0.2.99");
    filter.doFilter(next.request, next.response, chain);
    assertThat(next.status).isEqualTo(200);
    assertThat(passed).hasValue(4);
    assertThat(filter.trackedKeys()).isZero();
  }

  @Test
  void keyMapNeverExceedsMaxKeys() throws Exception {
    RateLimitFilter filter =
        filter(
            RateLimitConfig.custom()
                .key(RateLimitConfig.Key.header("X-Api-Key"))
                .maxKeys(100)
                .build());

    for (int i = 0; i < 1000; i++) {
      Call call = new Call("192.0.2.1");
      call.requestHeaders.put("X-Api-Key", "key-" + i);
      filter.doFilter(call.request, call.response, chain);
      assertThat(filter.trackedKeys()).isLessThanOrEqualTo(100);
    }

    assertThat(filter.trackedKeys()).isEqualTo(100);
    assertThat(passed).hasValue(1000);
  }

  @Test
  void idleKeysAreForgotten() throws Exception {
    RateLimitFilter filter =
        filter(RateLimitConfig.custom().evictIdleAfter(Duration.ofMinutes(10)).build());
    for (int i = 0; i < 5; i++) {
      Call call = new Call("192.0.2." + i);
      filter.doFilter(call.request, call.response, chain);
    }
    assertThat(filter.trackedKeys()).isEqualTo(5);

    advance(Duration.ofMinutes(9));
    Call recent = new Call("192.0.2.0");
    filter.doFilter(recent.request, recent.response, chain);
    advance(Duration.ofMinutes(1));

    assertThat(filter.trackedKeys()).isEqualTo(1);
  }

  @Test
  void missingHeaderOrPrincipalFallsBackToTheClientAddress() throws Exception {
    RateLimitFilter byPrincipal =
        filter(
            RateLimitConfig.custom().key(RateLimitConfig.Key.PRINCIPAL).limitForPeriod(1).build());

    Call anonymous = new Call("192.0.2.1");
    byPrincipal.doFilter(anonymous.request, anonymous.response, chain);
    Call sameAddress = new Call("192.0.2.1");
    byPrincipal.doFilter(sameAddress.request, sameAddress.response, chain);
    assertThat(sameAddress.status).isEqualTo(429);

    Call alice = new Call("192.0.2.1");
    alice.principal = () -> "alice";
    byPrincipal.doFilter(alice.request, alice.response, chain);
    assertThat(alice.status).isEqualTo(200);
    assertThat(byPrincipal.trackedKeys()).isEqualTo(2);
  }

  @Test
  void asyncAndErrorDispatchesTakeNoPermit() throws Exception {
    RateLimitFilter filter =
        filter(RateLimitConfig.custom().key(RateLimitConfig.Key.GLOBAL).limitForPeriod(1).build());
    Call first = new Call("192.0.2.1");
    filter.doFilter(first.request, first.response, chain);

    for (DispatcherType type : new DispatcherType[] {DispatcherType.ASYNC, DispatcherType.ERROR}) {
      Call dispatch = new Call("192.0.2.1");
      dispatch.dispatcherType = type;
      filter.doFilter(dispatch.request, dispatch.response, chain);
      assertThat(dispatch.status).isEqualTo(200);
    }
    assertThat(passed).hasValue(3);
  }

  /** Just what the filter and {@code ProblemResponses} use of a request and a response. */
  private static final class Call {
    final Map<String, String> requestHeaders = new HashMap<>();
    final Map<String, String> headers = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    final String address;
    DispatcherType dispatcherType = DispatcherType.REQUEST;
    Principal principal;
    int status = 200;

    final HttpServletRequest request;
    final HttpServletResponse response;

    Call(String address) {
      this.address = address;
      this.request =
          (HttpServletRequest)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {HttpServletRequest.class},
                  (proxy, method, args) -> {
                    switch (method.getName()) {
                      case "getDispatcherType":
                        return dispatcherType;
                      case "getServletPath":
                        return "/api";
                      case "getPathInfo":
                      case "getAttribute":
                      case "getHttpServletMapping": // not mapped to any servlet
                        return null;
                      case "getRequestURI":
                        return "/api";
                      case "getMethod":
                        return "GET";
                      case "getHeader":
                        return requestHeaders.get((String) args[0]);
                      case "getRemoteAddr":
                        return this.address;
                      case "getUserPrincipal":
                        return principal;
                      default:
                        throw new UnsupportedOperationException(method.getName());
                    }
                  });
      ServletOutputStream out =
          new ServletOutputStream() {
            @Override
            public boolean isReady() {
              return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
              throw new UnsupportedOperationException();
            }

            @Override
            public void write(int b) {
              body.write(b);
            }
          };
      this.response =
          (HttpServletResponse)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {HttpServletResponse.class},
                  (proxy, method, args) -> {
                    switch (method.getName()) {
                      case "isCommitted":
                        return false;
                      case "setStatus":
                        status = (Integer) args[0];
                        return null;
                      case "setHeader":
                        headers.put((String) args[0], (String) args[1]);
                        return null;
                      case "getOutputStream":
                        return out;
                      case "resetBuffer":
                      case "setContentType":
                      case "setContentLength":
                      case "flushBuffer":
                        return null;
                      default:
                        throw new UnsupportedOperationException(method.getName());
                    }
                  });
    }
  }
}
