package org.raktakosh.stability.benchmarks;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;

/**
 * A request and response with no container behind them, so a benchmark measures a filter and not
 * Jetty or Tomcat. Only what the filters call is implemented; bytes written are counted and
 * dropped. The same pair serves every variant of a benchmark, so their cost cancels in the ratios.
 */
final class BareExchange {

  long bytesWritten;
  int status = 200;

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
          bytesWritten++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
          bytesWritten += len;
        }
      };

  final HttpServletRequest request =
      (HttpServletRequest)
          Proxy.newProxyInstance(
              BareExchange.class.getClassLoader(),
              new Class<?>[] {HttpServletRequest.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "getDispatcherType":
                    return DispatcherType.REQUEST;
                  case "getRequestURI":
                    return "/api/donors";
                  case "getContextPath":
                    return "";
                  case "getServletPath":
                    return "/api/donors";
                  case "getPathInfo":
                    return null;
                  case "getMethod":
                    return "GET";
                  case "isAsyncStarted":
                    return false;
                  case "getHeader":
                  case "getAttribute":
                    return null;
                  case "setAttribute": // the timeout filter's deadline, for later dispatches
                  case "removeAttribute":
                    return null;
                  default:
                    throw new UnsupportedOperationException(method.getName());
                }
              });

  final HttpServletResponse response =
      (HttpServletResponse)
          Proxy.newProxyInstance(
              BareExchange.class.getClassLoader(),
              new Class<?>[] {HttpServletResponse.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "getOutputStream":
                    return out;
                  case "isCommitted":
                    return false;
                  case "setStatus":
                    status = (Integer) args[0];
                    return null;
                  case "setContentType":
                  case "setContentLength":
                  case "setHeader":
                    return null;
                  default:
                    throw new UnsupportedOperationException(method.getName());
                }
              });
}
