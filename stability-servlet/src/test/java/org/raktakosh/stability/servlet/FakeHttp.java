package org.raktakosh.stability.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A request and response without a container, for property tests that call a filter thousands of
 * times: only what the filters use is implemented. HTTP behaviour is tested over real sockets
 * elsewhere.
 */
final class FakeHttp {

  final Map<String, Object> attributes = new HashMap<>();
  final Map<String, String> requestHeaders = new HashMap<>();
  final Map<String, String> responseHeaders = new HashMap<>();
  final ByteArrayOutputStream body = new ByteArrayOutputStream();
  int status = 200;
  boolean committed;

  final HttpServletRequest request =
      (HttpServletRequest)
          Proxy.newProxyInstance(
              FakeHttp.class.getClassLoader(),
              new Class<?>[] {HttpServletRequest.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "getAttribute":
                    return attributes.get((String) args[0]);
                  case "setAttribute":
                    attributes.put((String) args[0], args[1]);
                    return null;
                  case "getHeader":
                    return requestHeaders.get((String) args[0]);
                  case "getDispatcherType":
                    return DispatcherType.REQUEST;
                  case "getMethod":
                    return "GET";
                  case "getRequestURI":
                    return "/fake";
                  case "getContextPath":
                    return "";
                  case "getServletPath":
                    return "/fake";
                  case "getPathInfo":
                    return null;
                  case "isAsyncStarted":
                    return false;
                  case "hashCode":
                    return System.identityHashCode(proxy);
                  case "equals":
                    return proxy == args[0];
                  case "toString":
                    return "FakeHttp.request";
                  default:
                    throw new UnsupportedOperationException(method.getName());
                }
              });

  private final ServletOutputStream out =
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

  final HttpServletResponse response =
      (HttpServletResponse)
          Proxy.newProxyInstance(
              FakeHttp.class.getClassLoader(),
              new Class<?>[] {HttpServletResponse.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "isCommitted":
                    return committed;
                  case "getStatus":
                    return status;
                  case "setStatus":
                    status = (Integer) args[0];
                    return null;
                  case "setHeader":
                    if (args[1] == null) {
                      responseHeaders.remove((String) args[0]);
                    } else {
                      responseHeaders.put((String) args[0], (String) args[1]);
                    }
                    return null;
                  case "setContentType":
                    responseHeaders.put("Content-Type", (String) args[0]);
                    return null;
                  case "setContentLength":
                  case "setContentLengthLong":
                    responseHeaders.put("Content-Length", String.valueOf(args[0]));
                    return null;
                  case "resetBuffer":
                    body.reset();
                    return null;
                  case "getOutputStream":
                    return out;
                  case "flushBuffer":
                    committed = true;
                    return null;
                  case "hashCode":
                    return System.identityHashCode(proxy);
                  case "equals":
                    return proxy == args[0];
                  case "toString":
                    return "FakeHttp.response";
                  default:
                    throw new UnsupportedOperationException(method.getName());
                }
              });

  String body() {
    return body.toString(StandardCharsets.UTF_8);
  }
}
