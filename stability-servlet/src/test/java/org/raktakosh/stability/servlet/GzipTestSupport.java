package org.raktakosh.stability.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/** Jetty with a {@link GzipFilter} in front of one servlet, and a client that does not decode. */
final class GzipTestSupport implements AutoCloseable {

  static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final GzipFilter filter;
  final JettyApp app;

  private GzipTestSupport(GzipFilter filter, JettyApp app) {
    this.filter = filter;
    this.app = app;
  }

  static GzipTestSupport start(GzipConfig config, HttpServlet servlet) throws Exception {
    GzipFilter filter = new GzipFilter(config);
    JettyApp app =
        JettyApp.start(
            context -> {
              FilterHolder holder = new FilterHolder(filter);
              holder.setAsyncSupported(true);
              context.addFilter(
                  holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
              ServletHolder servletHolder = new ServletHolder(servlet);
              servletHolder.setAsyncSupported(true);
              context.addServlet(servletHolder, "/*");
            },
            context -> {});
    return new GzipTestSupport(filter, app);
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).timeout(Duration.ofSeconds(30));
  }

  HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder builder = request(path).GET();
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> send(String method, String path, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder builder =
        request(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<InputStream> stream(String path, String... headers) throws Exception {
    HttpRequest.Builder builder = request(path).GET();
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  static byte[] gunzip(byte[] gzip) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    }
  }

  static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }

  @Override
  public void close() throws Exception {
    app.close();
    filter.close();
  }
}
