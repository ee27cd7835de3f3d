package org.raktakosh.stability.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The application behind the gzip tests: one path per behaviour. */
final class GzipTestServlet extends HttpServlet {

  final AtomicBoolean streamFinished = new AtomicBoolean();

  /** Bytes of the request body {@code /echo-counting} has read so far. */
  final AtomicLong bodyBytesRead = new AtomicLong();

  final CountDownLatch nextEvent = new CountDownLatch(1);

  /** About {@code size} bytes of compressible JSON. */
  static byte[] json(int size) {
    StringBuilder out = new StringBuilder(size + 64).append("{\"items\":[");
    int i = 0;
    while (out.length() < size - 2) {
      out.append("{\"id\":").append(i++).append(",\"name\":\"donor\"},");
    }
    out.setLength(Math.min(out.length(), Math.max(size - 2, 0)));
    String s = out.append("]}").toString();
    return s.substring(0, Math.min(s.length(), size)).getBytes(StandardCharsets.UTF_8);
  }

  private static int param(HttpServletRequest request, String name, int fallback) {
    String value = request.getParameter(name);
    return value == null ? fallback : Integer.parseInt(value);
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo() == null ? request.getServletPath() : request.getPathInfo();
    int size = param(request, "size", 8192);
    switch (path) {
      case "/json":
        response.setContentType("application/json");
        response.getOutputStream().write(json(size));
        break;
      case "/json-length":
        response.setContentType("application/json");
        response.setContentLength(size);
        response.getOutputStream().write(json(size));
        break;
      case "/json-flush":
        response.setContentType("application/json");
        response.getOutputStream().write(json(size));
        response.getOutputStream().flush();
        break;
      case "/writer":
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter writer = response.getWriter();
        for (int i = 0; i < 500; i++) {
          writer.println("line " + i + " \u00e9\u00e8 \u20ac");
        }
        break;
      case "/etag":
        response.setHeader("ETag", request.getParameter("weak") != null ? "W/\"v1\"" : "\"v1\"");
        String inm = request.getHeader("If-None-Match");
        response.setHeader("X-Seen-If-None-Match", String.valueOf(inm));
        if (inm != null && inm.contains("\"v1\"")) {
          response.setStatus(304);
          return;
        }
        response.setContentType("application/json");
        response.getOutputStream().write(json(size));
        break;
      case "/no-content":
        response.setContentType("application/json");
        response.setStatus(204);
        break;
      case "/no-transform":
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "public, no-transform");
        response.getOutputStream().write(json(size));
        break;
      case "/encoded":
        response.setContentType("application/json");
        response.setHeader("Content-Encoding", "br");
        response.getOutputStream().write(json(size));
        break;
      case "/png":
        response.setContentType("image/png");
        response.getOutputStream().write(json(size));
        break;
      case "/vary":
        response.setContentType("application/json");
        response.addHeader("Vary", "Origin");
        response.getOutputStream().write(json(size));
        response.addHeader("Vary", "Accept-Encoding");
        break;
      case "/partial":
        response.setContentType("application/json");
        response.setStatus(206);
        response.setHeader("Content-Range", "bytes 0-" + (size - 1) + "/" + (size * 2));
        response.getOutputStream().write(json(size));
        break;
      case "/stream":
        response.setContentType("text/plain");
        int chunks = param(request, "chunks", 5);
        for (int i = 0; i < chunks; i++) {
          response.getOutputStream().write(chunk(i));
          response.getOutputStream().flush();
          pause(param(request, "ms", 400));
        }
        streamFinished.set(true);
        break;
      case "/committed-stream":
        response.setContentType("application/x-ndjson");
        response.flushBuffer(); // headers first, as stream handlers do
        for (int i = 0; i < 3; i++) {
          response
              .getOutputStream()
              .write(("{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
          response.getOutputStream().flush();
        }
        break;
      case "/sse":
        response.setContentType("text/event-stream");
        response.getOutputStream().write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
        response.getOutputStream().flush();
        await(nextEvent);
        response.getOutputStream().write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
        break;
      case "/fail-mid":
        response.setContentType("application/json");
        response.getOutputStream().write(json(size));
        if (request.getParameter("flush") != null) {
          response.getOutputStream().flush();
        }
        throw new IllegalStateException("failed mid-stream");
      case "/async":
        AsyncContext async = request.startAsync();
        async.start(
            () -> {
              try {
                async.getResponse().setContentType("application/json");
                async.getResponse().getOutputStream().write(json(size));
              } catch (IOException e) {
                throw new IllegalStateException(e);
              } finally {
                async.complete();
              }
            });
        break;
      case "/async-timeout":
        AsyncContext hanging = request.startAsync();
        hanging.setTimeout(300);
        response.setContentType("application/json");
        response.getOutputStream().write(json(size));
        response.getOutputStream().flush();
        break;
      case "/nonblocking":
        AsyncContext nb = request.startAsync();
        response.setContentType("application/json");
        ServletOutputStream out = response.getOutputStream();
        byte[] body = json(size);
        out.setWriteListener(
            new WriteListener() {
              private boolean written;

              @Override
              public void onWritePossible() throws IOException {
                while (out.isReady()) {
                  if (written) {
                    nb.complete();
                    return;
                  }
                  out.write(body);
                  written = true;
                }
              }

              @Override
              public void onError(Throwable t) {
                nb.complete();
              }
            });
        break;
      case "/form":
      case "/form-raw": // the request's own charset, whatever it says
        if (path.equals("/form")) {
          request.setCharacterEncoding("UTF-8");
        }
        response.setContentType("text/plain;charset=UTF-8");
        StringBuilder form = new StringBuilder();
        for (String name : new java.util.TreeSet<>(request.getParameterMap().keySet())) {
          form.append(name)
              .append('=')
              .append(String.join("|", request.getParameterValues(name)))
              .append('\n');
        }
        response.getWriter().write(form.toString());
        break;
      case "/echo-counting":
        // Reads as it arrives, counting, so that a test can send the rest once this much is read.
        byte[] buffer = new byte[4096];
        long length = 0;
        int n;
        while ((n = request.getInputStream().read(buffer)) >= 0) {
          length += n;
          bodyBytesRead.addAndGet(n);
        }
        response.setContentType("text/plain");
        response.setHeader("X-Length", Long.toString(length));
        break;
      case "/echo":
      case "/echo-swallow":
        byte[] read;
        try {
          read = request.getInputStream().readAllBytes();
        } catch (IOException e) {
          if (path.equals("/echo-swallow")) {
            response.sendError(500, "swallowed");
            return;
          }
          throw e;
        }
        response.setContentType("text/plain");
        response.setHeader("X-Length", Integer.toString(read.length));
        response.setHeader(
            "X-Content-Encoding", String.valueOf(request.getHeader("Content-Encoding")));
        response.setHeader("X-Content-Length", Long.toString(request.getContentLengthLong()));
        response.setHeader("X-Sha", Integer.toString(java.util.Arrays.hashCode(read)));
        break;
      default:
        response.sendError(404);
    }
  }

  static byte[] chunk(int i) {
    return ("chunk " + i + " " + "abcdefghij".repeat(150) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void pause(int ms) {
    try {
      Thread.sleep(ms); // the application's own pacing, not a test wait
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
