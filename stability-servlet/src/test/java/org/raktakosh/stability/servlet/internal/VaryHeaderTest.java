package org.raktakosh.stability.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VaryHeaderTest {

  /** A response holding only its {@code Vary} lines, which is all the helper touches. */
  private static HttpServletResponse response() {
    List<String> vary = new ArrayList<>();
    return (HttpServletResponse)
        Proxy.newProxyInstance(
            VaryHeaderTest.class.getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "getHeaders":
                  return new ArrayList<>(vary);
                case "getHeader":
                  return vary.isEmpty() ? null : vary.get(0);
                case "addHeader":
                  vary.add((String) args[1]);
                  return null;
                case "setHeader":
                  vary.clear();
                  vary.add((String) args[1]);
                  return null;
                default:
                  throw new UnsupportedOperationException(method.getName());
              }
            });
  }

  @Test
  void namesAreAddedOnceCaseInsensitivelyOnOneLine() {
    var response = response();
    response.addHeader("Vary", "accept-encoding");
    response.addHeader("Vary", "Origin");

    VaryHeader.add(response, "Origin", "Accept-Encoding", "Access-Control-Request-Method");

    assertThat(response.getHeaders("Vary"))
        .containsExactly("accept-encoding, Origin, Access-Control-Request-Method");
  }

  @Test
  void nothingIsAddedAfterAStar() {
    var response = response();
    response.addHeader("Vary", "*");

    VaryHeader.add(response, "Origin");

    assertThat(response.getHeaders("Vary")).containsExactly("*");
  }

  @Test
  void anAbsentHeaderIsCreatedAndAPresentCompleteOneLeftAlone() {
    var response = response();
    VaryHeader.add(response, "Origin");
    VaryHeader.add(response, "origin");

    assertThat(response.getHeaders("Vary")).containsExactly("Origin");
    assertThat(VaryHeader.parse("Origin, ACCEPT-encoding,, origin"))
        .containsExactly("origin", "accept-encoding");
    assertThat(VaryHeader.parse(null)).isEmpty();
  }
}
