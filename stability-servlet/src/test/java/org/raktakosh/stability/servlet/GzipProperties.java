package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.raktakosh.stability.servlet.internal.AcceptEncoding;
import org.raktakosh.stability.servlet.internal.ETags;

/**
 * Over a real socket: whatever bytes the application writes, in whatever pieces, with whatever
 * flushes in between, the client decodes exactly those bytes (or receives them as they are).
 */
class GzipProperties {

  /** One write, then a flush if {@code flush}. */
  record Step(byte[] bytes, boolean flush) {}

  private static final Map<Long, List<Step>> SCRIPTS = new ConcurrentHashMap<>();
  private static final AtomicLong IDS = new AtomicLong();
  private static GzipTestSupport server;

  @BeforeContainer
  static void start() throws Exception {
    server =
        GzipTestSupport.start(
            GzipConfig.custom().minSize(64).build(),
            new HttpServlet() {
              @Override
              protected void doGet(HttpServletRequest request, HttpServletResponse response)
                  throws IOException {
                List<Step> script = SCRIPTS.remove(Long.parseLong(request.getParameter("id")));
                response.setContentType(
                    "application/octet-stream".equals(request.getParameter("t"))
                        ? "application/octet-stream"
                        : "text/plain");
                ServletOutputStream out = response.getOutputStream();
                for (Step step : script) {
                  if (step.bytes().length == 1) {
                    out.write(step.bytes()[0]);
                  } else {
                    out.write(step.bytes());
                  }
                  if (step.flush()) {
                    out.flush();
                  }
                }
              }
            });
  }

  @AfterContainer
  static void stop() throws Exception {
    server.close();
  }

  @Provide
  Arbitrary<List<Step>> scripts() {
    Arbitrary<byte[]> bytes =
        Arbitraries.oneOf(
            Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300),
            Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(1),
            Arbitraries.strings()
                .withChars("{}\"abc:, ")
                .ofMinLength(1000)
                .ofMaxLength(30_000)
                .map(String::getBytes));
    return Combinators.combine(bytes, Arbitraries.of(true, false))
        .as(Step::new)
        .list()
        .ofMaxSize(12);
  }

  @Property(tries = 60)
  void clientDecodesExactlyTheBytesWritten(@ForAll("scripts") List<Step> script) throws Exception {
    long id = IDS.incrementAndGet();
    SCRIPTS.put(id, script);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    script.forEach(step -> expected.writeBytes(step.bytes()));

    HttpResponse<byte[]> response = server.get("/script?id=" + id, "Accept-Encoding", "gzip");

    assertThat(response.statusCode()).isEqualTo(200);
    byte[] received =
        "gzip".equals(response.headers().firstValue("Content-Encoding").orElse(null))
            ? GzipTestSupport.gunzip(response.body())
            : response.body();
    assertThat(received).isEqualTo(expected.toByteArray());
    // A plain body that fills its Content-Length completes on the wire while the server thread
    // is still returning the pooled buffer it was written from.
    org.awaitility.Awaitility.await()
        .pollDelay(java.time.Duration.ZERO)
        .pollInterval(java.time.Duration.ofMillis(2))
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> server.filter.deflatersInUse() == 0);
  }

  @Property(tries = 300)
  void acceptEncodingWithGzipAtQZeroIsNeverGzip(
      @ForAll("codings") List<String> others, @ForAll("zeros") String zero) {
    java.util.ArrayList<String> elements = new java.util.ArrayList<>(others);
    elements.add("GZip ;q=" + zero);
    Collections.shuffle(elements);
    assertThat(
            AcceptEncoding.prefersGzip(
                Collections.enumeration(List.of(String.join(" , ", elements)))))
        .isFalse();
  }

  @Property(tries = 300)
  void gzipWithAPositiveQAndNoIdentityIsGzip(
      @ForAll("codings") List<String> others, @ForAll("positives") String q) {
    java.util.ArrayList<String> elements = new java.util.ArrayList<>(others);
    elements.add("gzip; q=" + q);
    Collections.shuffle(elements);
    assertThat(AcceptEncoding.prefersGzip(Collections.enumeration(elements))).isTrue();
  }

  @Property(tries = 300)
  void gzipEtagRoundTrips(@ForAll("opaque") String opaque) {
    String strong = "\"" + opaque + "\"";
    assertThat(ETags.toGzip(strong)).isNotEqualTo(strong);
    assertThat(ETags.fromGzip(ETags.toGzip(strong))).isEqualTo(strong);
    assertThat(ETags.stripGzip("W/\"x\", " + ETags.toGzip(strong))).isEqualTo("W/\"x\", " + strong);
    assertThat(ETags.toGzip("W/" + strong)).isEqualTo("W/" + strong);
  }

  @Provide
  Arbitrary<String> opaque() {
    return Arbitraries.strings().withCharRange('#', '~').ofMaxLength(20);
  }

  @Provide
  Arbitrary<List<String>> codings() {
    return Arbitraries.of("br", "deflate", "compress", "zstd", "br;q=0.3", "deflate;q=1")
        .list()
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> zeros() {
    return Arbitraries.of("0", "0.", "0.0", "0.00", "0.000", "x", "1.5", "2");
  }

  @Provide
  Arbitrary<String> positives() {
    return Arbitraries.of("1", "1.0", "1.000", "0.001", "0.5", "0.99");
  }
}
