package org.raktakosh.stability.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.raktakosh.stability.servlet.GzipTestServlet.json;
import static org.raktakosh.stability.servlet.GzipTestSupport.gunzip;
import static org.raktakosh.stability.servlet.GzipTestSupport.gzip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GzipFilterTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GZIP = "gzip, deflate, br";

  private final GzipTestServlet servlet = new GzipTestServlet();
  private GzipTestSupport server;

  @AfterEach
  void stop() throws Exception {
    servlet.nextEvent.countDown();
    if (server != null) {
      server.close();
    }
  }

  private GzipTestSupport start() throws Exception {
    return start(GzipConfig.ofDefaults());
  }

  private GzipTestSupport start(GzipConfig config) throws Exception {
    server = GzipTestSupport.start(config, servlet);
    return server;
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  private static void assertPlain(HttpResponse<byte[]> response, byte[] expected) {
    assertThat(header(response, "Content-Encoding")).isNull();
    assertThat(response.body()).isEqualTo(expected);
  }

  /** Absent (chunked) or, when the container measured the whole body, its compressed length. */
  private static void assertLengthNotStale(HttpResponse<byte[]> response) {
    String length = header(response, "Content-Length");
    if (length != null) {
      assertThat(Integer.parseInt(length)).isEqualTo(response.body().length);
    }
  }

  @Test
  void largeJsonIsCompressedAndDecodesToTheBytesWritten() throws Exception {
    start();
    HttpResponse<byte[]> response = server.get("/json?size=65536", "Accept-Encoding", GZIP);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");
    assertThat(response.headers().allValues("Vary")).containsExactly("Accept-Encoding");
    assertLengthNotStale(response);
    assertThat(gunzip(response.body())).isEqualTo(json(65536));
    assertThat(response.body().length).isLessThan(65536 / 5);
    assertThat(server.filter.compressedResponses()).isEqualTo(1);
    assertThat(server.filter.bytesIn()).isEqualTo(65536);
    assertThat(server.filter.bytesOut()).isEqualTo(response.body().length);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.filter.deflatersInUse() == 0);
  }

  @Test
  void writerOutputIsCompressedInItsCharset() throws Exception {
    start();
    HttpResponse<byte[]> response = server.get("/writer", "Accept-Encoding", "gzip");

    assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");
    assertThat(header(response, "Content-Type")).containsIgnoringCase("charset=UTF-8");
    String text = new String(gunzip(response.body()), StandardCharsets.UTF_8);
    assertThat(text).startsWith("line 0 \u00e9\u00e8 \u20ac").contains("line 499 ");
  }

  @Test
  void gzipWithQZeroIsNotCompressed() throws Exception {
    start();
    HttpResponse<byte[]> response =
        server.get("/json?size=8192", "Accept-Encoding", "gzip;q=0, identity");

    assertPlain(response, json(8192));
    assertThat(header(response, "Vary")).isEqualTo("Accept-Encoding");
    assertThat(header(response, "Content-Length")).isEqualTo("8192");
  }

  @Test
  void starWithQAboveZeroMeansGzip() throws Exception {
    start();
    HttpResponse<byte[]> response = server.get("/json", "Accept-Encoding", " * ;Q=0.5");

    assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");
  }

  @Test
  void withoutAcceptEncodingTheBodyIsPlainAndVaryIsSet() throws Exception {
    start();
    HttpResponse<byte[]> response = server.get("/json?size=4000");

    assertPlain(response, json(4000));
    assertThat(header(response, "Vary")).isEqualTo("Accept-Encoding");
  }

  @Test
  void headGetsTheHeadersOfGetWithoutABody() throws Exception {
    start();
    HttpResponse<byte[]> get = server.get("/etag", "Accept-Encoding", "gzip");
    HttpResponse<byte[]> head =
        GzipTestSupport.CLIENT.send(
            server
                .request("/etag")
                .method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Accept-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    for (String name : new String[] {"Content-Encoding", "Vary", "ETag", "Content-Type"}) {
      assertThat(header(head, name)).as(name).isEqualTo(header(get, name));
    }
    assertThat(header(head, "Content-Encoding")).isEqualTo("gzip");
    assertThat(header(head, "Content-Length")).isEqualTo(header(get, "Content-Length"));
  }

  @Test
  void noContentIsNotCompressed() throws Exception {
    start();
    HttpResponse<byte[]> response = server.get("/no-content", "Accept-Encoding", "gzip");

    assertThat(response.statusCode()).isEqualTo(204);
    assertPlain(response, new byte[0]);
    assertThat(server.filter.compressedResponses()).isZero();
  }

  @Test
  void strongEtagGetsAGzipVariantThatRevalidatesTo304() throws Exception {
    start();
    HttpResponse<byte[]> first = server.get("/etag", "Accept-Encoding", "gzip");
    assertThat(header(first, "ETag")).isEqualTo("\"v1--gzip\"");

    HttpResponse<byte[]> second =
        server.get("/etag", "Accept-Encoding", "gzip", "If-None-Match", "\"v1--gzip\"");

    assertThat(second.statusCode()).isEqualTo(304);
    assertThat(header(second, "X-Seen-If-None-Match")).isEqualTo("\"v1\"");
    assertThat(header(second, "ETag")).isEqualTo("\"v1--gzip\"");
    assertThat(header(second, "Vary")).isEqualTo("Accept-Encoding");
    assertThat(second.body()).isEmpty();
  }

  @Test
  void plainVariantKeepsItsOwnEtag() throws Exception {
    start();
    HttpResponse<byte[]> plain = server.get("/etag");
    assertThat(header(plain, "ETag")).isEqualTo("\"v1\"");

    HttpResponse<byte[]> revalidated = server.get("/etag", "If-None-Match", "\"v1\"");
    assertThat(revalidated.statusCode()).isEqualTo(304);
    assertThat(header(revalidated, "ETag")).isEqualTo("\"v1\"");
  }

  @Test
  void weakEtagIsKept() throws Exception {
    start();
    HttpResponse<byte[]> response = server.get("/etag?weak=1", "Accept-Encoding", "gzip");

    assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");
    assertThat(header(response, "ETag")).isEqualTo("W/\"v1\"");
  }

  @Test
  void noTransformIsRespected() throws Exception {
    start();
    HttpResponse<byte[]> response = server.get("/no-transform", "Accept-Encoding", "gzip");

    assertPlain(response, json(8192));
  }

  @Test
  void alreadyEncodedBodyPassesThrough() throws Exception {
    start();
    HttpResponse<byte[]> response = server.get("/encoded", "Accept-Encoding", "gzip");

    assertThat(header(response, "Content-Encoding")).isEqualTo("br");
    assertThat(response.body()).isEqualTo(json(8192));
  }

  @Test
  void smallBodyIsSentPlainWithItsLength() throws Exception {
    start();
    HttpResponse<byte[]> response = server.get("/json?size=1023", "Accept-Encoding", "gzip");

    assertPlain(response, json(1023));
    assertThat(header(response, "Content-Length")).isEqualTo("1023");
    assertThat(header(response, "Vary")).isEqualTo("Accept-Encoding");
  }

  @Test
  void bodyOfExactlyMinSizeIsCompressed() throws Exception {
    start();
    HttpResponse<byte[]> response = server.get("/json?size=1024", "Accept-Encoding", "gzip");

    assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");
    assertThat(gunzip(response.body())).isEqualTo(json(1024));
  }

  @Test
  void declaredContentLengthIsNeverLeftStale() throws Exception {
    start();
    HttpResponse<byte[]> big = server.get("/json-length?size=20000", "Accept-Encoding", "gzip");
    HttpResponse<byte[]> small = server.get("/json-length?size=100", "Accept-Encoding", "gzip");

    assertThat(header(big, "Content-Encoding")).isEqualTo("gzip");
    assertLengthNotStale(big);
    assertThat(gunzip(big.body())).isEqualTo(json(20000));
    assertPlain(small, json(100));
    assertThat(header(small, "Content-Length")).isEqualTo("100");
  }

  @Test
  void smallFlushedBodyStaysPlain() throws Exception {
    start();
    HttpResponse<byte[]> small = server.get("/json-flush?size=200", "Accept-Encoding", "gzip");
    HttpResponse<byte[]> large = server.get("/json-flush?size=5000", "Accept-Encoding", "gzip");

    assertPlain(small, json(200));
    assertThat(header(large, "Content-Encoding")).isEqualTo("gzip");
    assertThat(gunzip(large.body())).isEqualTo(json(5000));
  }

  @Test
  void rangeRequestsAndPartialResponsesAreNotCompressed() throws Exception {
    start();
    HttpResponse<byte[]> ranged =
        server.get("/json", "Accept-Encoding", "gzip", "Range", "bytes=0-");
    HttpResponse<byte[]> partial = server.get("/partial", "Accept-Encoding", "gzip");

    assertPlain(ranged, json(8192));
    assertThat(partial.statusCode()).isEqualTo(206);
    assertPlain(partial, json(8192));
  }

  @Test
  void excludedAndUnlistedTypesAreNotCompressed() throws Exception {
    start();
    HttpResponse<byte[]> png = server.get("/png", "Accept-Encoding", "gzip");

    assertPlain(png, json(8192));
    assertThat(header(png, "Vary")).isNull();
  }

  @Test
  void varyIsMergedNeverDuplicated() throws Exception {
    start();
    HttpResponse<byte[]> response = server.get("/vary", "Accept-Encoding", "gzip");

    assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");
    String vary = String.join(",", response.headers().allValues("Vary"));
    assertThat(vary.toLowerCase().split("accept-encoding", -1)).hasSize(2);
    assertThat(vary).contains("Origin");
  }

  @Test
  void excludedPathsAndUserAgentsAreLeftAlone() throws Exception {
    start(
        GzipConfig.custom()
            .excludedPaths("/json-length/**")
            .excludedUserAgents(".*OldBrowser.*")
            .build());

    assertPlain(server.get("/json-length", "Accept-Encoding", "gzip"), json(8192));
    assertPlain(
        server.get("/json", "Accept-Encoding", "gzip", "User-Agent", "Mozilla OldBrowser/1"),
        json(8192));
    assertThat(header(server.get("/json", "Accept-Encoding", "gzip"), "Content-Encoding"))
        .isEqualTo("gzip");
  }

  @Test
  void eachFlushOfAStreamReachesTheClientBeforeTheStreamEnds() throws Exception {
    start();
    HttpResponse<InputStream> response =
        server.stream("/stream?chunks=5&ms=400", "Accept-Encoding", "gzip");
    assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");

    try (GZIPInputStream in = new GZIPInputStream(response.body())) {
      byte[] first = in.readNBytes(GzipTestServlet.chunk(0).length);
      assertThat(first).isEqualTo(GzipTestServlet.chunk(0));
      // The first chunk decoded while the application still has four chunks, 1.6 s, to go.
      assertThat(servlet.streamFinished).isFalse();
      byte[] rest = in.readAllBytes();
      assertThat(new String(rest, StandardCharsets.UTF_8)).contains("chunk 4 ");
    }
    assertThat(servlet.streamFinished).isTrue();
  }

  @Test
  void streamThatCommitsItsHeadersFirstIsCompressedWhateverItsChunkSize() throws Exception {
    start();
    HttpResponse<byte[]> response = server.get("/committed-stream", "Accept-Encoding", "gzip");

    assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");
    assertThat(new String(gunzip(response.body()), StandardCharsets.UTF_8))
        .isEqualTo("{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n");
  }

  @Test
  void eventStreamsAreNotCompressedByDefault() throws Exception {
    start();
    servlet.nextEvent.countDown();
    HttpResponse<byte[]> response = server.get("/sse", "Accept-Encoding", "gzip");

    assertPlain(response, "data: first\n\ndata: second\n\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void includedEventStreamDeliversEachFlushedEventDecodable() throws Exception {
    start(GzipConfig.custom().minSize(0).excludedTypes().build());
    HttpResponse<InputStream> response = server.stream("/sse", "Accept-Encoding", "gzip");
    assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");

    try (GZIPInputStream in = new GZIPInputStream(response.body())) {
      byte[] first = in.readNBytes("data: first\n\n".length());
      assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("data: first\n\n");
      servlet.nextEvent.countDown(); // the second event is written only now
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("data: second\n\n");
    }
  }

  @Test
  void failureMidStreamReturnsTheDeflater() throws Exception {
    start();
    server.get("/json", "Accept-Encoding", "gzip");
    int idle = server.filter.deflatersIdle();

    HttpResponse<byte[]> failed = server.get("/fail-mid", "Accept-Encoding", "gzip");
    assertThat(failed.statusCode()).isEqualTo(500);
    try {
      server.get("/fail-mid?flush=1", "Accept-Encoding", "gzip");
    } catch (java.io.IOException aborted) {
      // the response was committed, so the container aborts it: that is the expected failure
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(server.filter.deflatersInUse()).isZero();
              assertThat(server.filter.deflatersIdle()).isEqualTo(idle);
            });
  }

  @Test
  void asyncTimeoutMidStreamReturnsTheDeflater() throws Exception {
    start();
    try {
      server.get("/async-timeout", "Accept-Encoding", "gzip");
    } catch (java.io.IOException aborted) {
      // committed before the timeout: the container may cut the response
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.filter.deflatersInUse() == 0);
  }

  @Test
  void asyncResponsesWithBlockingWritesAreCompressed() throws Exception {
    start();
    HttpResponse<byte[]> response = server.get("/async?size=30000", "Accept-Encoding", "gzip");

    assertThat(header(response, "Content-Encoding")).isEqualTo("gzip");
    assertThat(gunzip(response.body())).isEqualTo(json(30000));
    await().atMost(Duration.ofSeconds(10)).until(() -> server.filter.deflatersInUse() == 0);
  }

  @Test
  void nonBlockingOutputPassesThroughUncompressed() throws Exception {
    start();
    HttpResponse<byte[]> response = server.get("/nonblocking", "Accept-Encoding", "gzip");

    assertPlain(response, json(8192));
  }

  @Test
  void gzipRequestBodyIsInflatedForTheApplication() throws Exception {
    start();
    byte[] plain = json(50_000);
    HttpResponse<byte[]> response =
        server.send("POST", "/echo", gzip(plain), "Content-Encoding", "gzip");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "X-Length")).isEqualTo("50000");
    assertThat(header(response, "X-Sha")).isEqualTo(Integer.toString(Arrays.hashCode(plain)));
    assertThat(header(response, "X-Content-Encoding")).isEqualTo("null");
    assertThat(header(response, "X-Content-Length")).isEqualTo("-1");
    assertThat(server.filter.inflatedRequests()).isEqualTo(1);
    // Its inflater went back to the pool (not left to the garbage collector).
    await().atMost(Duration.ofSeconds(10)).until(() -> server.filter.inflatersInUse() == 0);
  }

  @Test
  void bombInflatingTo64MibIsRefusedWith413() throws Exception {
    start();
    byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
    assertThat(bomb.length).isLessThan(100 * 1024);

    HttpResponse<byte[]> response = server.send("POST", "/echo", bomb, "Content-Encoding", "gzip");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(header(response, "Content-Type")).startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(413);
    assertThat(server.filter.tooLargeRequests()).isEqualTo(1);
    assertThat(server.filter.inflatedBytes()).isLessThanOrEqualTo(11L * 1024 * 1024);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.filter.inflatersInUse() == 0);
  }

  @Test
  void truncatedBodyIsABadRequestEvenIfTheApplicationSwallowsTheFailure() throws Exception {
    start();
    byte[] whole = gzip(json(20_000));
    byte[] truncated = Arrays.copyOf(whole, whole.length / 2);

    for (String path : new String[] {"/echo", "/echo-swallow"}) {
      HttpResponse<byte[]> response =
          server.send("POST", path, truncated, "Content-Encoding", "gzip");
      assertThat(response.statusCode()).as(path).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(400);
    }
    HttpResponse<byte[]> garbage =
        server.send("POST", "/echo", json(300), "Content-Encoding", "gzip");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(server.filter.malformedRequests()).isEqualTo(3);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.filter.inflatersInUse() == 0);
  }

  @Test
  void everyMemberOfAGzipBodyIsInflatedEvenWhenTheNextArrivesLater() throws Exception {
    start();
    byte[] first = json(6_000);
    byte[] second = json(9_000);
    byte[] firstMember = gzip(first);
    byte[] secondMember = gzip(second);
    try (Socket socket = new Socket("127.0.0.1", server.app.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /echo-counting HTTP/1.1\r\nHost: localhost\r\nContent-Encoding: gzip\r\n"
                  + "Content-Length: "
                  + (firstMember.length + secondMember.length)
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(firstMember);
      out.flush();
      // The first member is read to its end before the second is on the wire: a reader that
      // takes "nothing available" for the end of the body stops here.
      await().atMost(Duration.ofSeconds(10)).until(() -> servlet.bodyBytesRead.get() >= 6_000);
      out.write(secondMember);
      out.flush();

      String answer =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

      assertThat(answer).startsWith("HTTP/1.1 200").contains("X-Length: 15000");
    }
    assertThat(server.filter.malformedRequests()).isZero();
  }

  @Test
  void bytesAfterTheLastMemberThatAreNotGzipAreABadRequest() throws Exception {
    start();
    byte[] member = gzip(json(3_000));
    byte[] trailing = "not gzip".getBytes(StandardCharsets.US_ASCII);
    byte[] body = Arrays.copyOf(member, member.length + trailing.length);
    System.arraycopy(trailing, 0, body, member.length, trailing.length);

    HttpResponse<byte[]> response = server.send("POST", "/echo", body, "Content-Encoding", "gzip");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(server.filter.malformedRequests()).isEqualTo(1);
  }

  @Test
  void concatenatedMembersSentAtOnceAreOneBody() throws Exception {
    start();
    byte[] first = gzip(json(2_000));
    byte[] second = gzip(json(3_000));
    byte[] body = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, body, first.length, second.length);

    HttpResponse<byte[]> response = server.send("POST", "/echo", body, "Content-Encoding", "gzip");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "X-Length")).isEqualTo("5000");
  }

  @Test
  void aGzipFormBodyGivesTheApplicationItsParametersAfterThoseOfTheQuery() throws Exception {
    start();
    byte[] form =
        "donor=Asha+R%C3%A3o&group=O%2B&donor=Ravi&blank=".getBytes(StandardCharsets.US_ASCII);

    HttpResponse<byte[]> response =
        server.send(
            "POST",
            "/form?city=Pune&donor=first",
            gzip(form),
            "Content-Encoding",
            "gzip",
            "Content-Type",
            "application/x-www-form-urlencoded; charset=UTF-8");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo("blank=\ncity=Pune\ndonor=first|Asha R\u00e3o|Ravi\ngroup=O+\n");
  }

  @Test
  void aGzipFormInACharsetTheJvmDoesNotKnowIsReadAsLatin1() throws Exception {
    start();
    byte[] form = "name=R%E9a".getBytes(StandardCharsets.US_ASCII);

    HttpResponse<byte[]> response =
        server.send(
            "POST",
            "/form-raw",
            gzip(form),
            "Content-Encoding",
            "gzip",
            "Content-Type",
            "application/x-www-form-urlencoded; charset=no-such-charset");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("name=R\u00e9a\n");
  }

  @Test
  void aQueryPastTheParameterLimitOfAGzipFormIs413() throws Exception {
    start();

    HttpResponse<byte[]> response =
        server.send(
            "POST",
            "/form?" + "q=1&".repeat(1001),
            gzip("a=1".getBytes(StandardCharsets.US_ASCII)),
            "Content-Encoding",
            "gzip",
            "Content-Type",
            "application/x-www-form-urlencoded");

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void aGzipFormPastTheParameterOrSizeLimitIs413() throws Exception {
    start();
    byte[] many = "a=1&".repeat(1001).getBytes(StandardCharsets.US_ASCII);
    byte[] large = ("a=" + "x".repeat(2 * 1024 * 1024)).getBytes(StandardCharsets.US_ASCII);

    for (byte[] form : new byte[][] {many, large}) {
      HttpResponse<byte[]> response =
          server.send(
              "POST",
              "/form",
              gzip(form),
              "Content-Encoding",
              "gzip",
              "Content-Type",
              "application/x-www-form-urlencoded");

      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(JSON.readTree(response.body()).get("detail").asText()).contains("form");
    }
    assertThat(server.filter.tooLargeRequests()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.filter.inflatersInUse() == 0);
  }

  @Test
  void theFormLimitsAreConfigured() throws Exception {
    start(GzipConfig.custom().maxFormSize(100).maxFormParameters(3).build());

    // Three parameters of 100 bytes in all: within both limits.
    byte[] within = ("a=1&b=2&c=" + "x".repeat(90)).getBytes(StandardCharsets.US_ASCII);
    byte[] tooMany = "a=1&b=2&c=3&d=4".getBytes(StandardCharsets.US_ASCII);
    byte[] tooLarge = ("a=" + "x".repeat(99)).getBytes(StandardCharsets.US_ASCII);
    int[] statuses = new int[3];
    String detail = null;
    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> response =
          server.send(
              "POST",
              "/form",
              gzip(new byte[][] {within, tooMany, tooLarge}[i]),
              "Content-Encoding",
              "gzip",
              "Content-Type",
              "application/x-www-form-urlencoded");
      statuses[i] = response.statusCode();
      if (i == 2) {
        detail = JSON.readTree(response.body()).get("detail").asText();
      }
    }

    assertThat(statuses).containsExactly(200, 413, 413);
    assertThat(detail).contains("100 bytes", "3 parameters");
  }

  @Test
  void aGzipMultipartBodyIsRefusedWith415() throws Exception {
    start();
    byte[] body = gzip("--b\r\n\r\nx\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));

    HttpResponse<byte[]> response =
        server.send(
            "POST",
            "/form",
            body,
            "Content-Encoding",
            "gzip",
            "Content-Type",
            "multipart/form-data; boundary=b");

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(header(response, "Accept-Encoding")).isEqualTo("identity");
    assertThat(JSON.readTree(response.body()).get("detail").asText())
        .containsIgnoringCase("multipart");
  }

  @Test
  void unsupportedRequestCodingIs415() throws Exception {
    start();
    HttpResponse<byte[]> response =
        server.send("POST", "/echo", json(300), "Content-Encoding", "br");

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(header(response, "Accept-Encoding")).isEqualTo("gzip");
    assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(415);
  }

  @Test
  void identityRequestCodingIsPassedOn() throws Exception {
    start();
    HttpResponse<byte[]> response =
        server.send("POST", "/echo", json(300), "Content-Encoding", "identity");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(header(response, "X-Length")).isEqualTo("300");
  }

  @Test
  void installedChainAnswersAFailureWithAReadableProblemAndCompressesTheRest() throws Exception {
    JettyApp installed =
        JettyApp.start(
            context -> {
              org.eclipse.jetty.ee10.servlet.ServletHolder holder =
                  new org.eclipse.jetty.ee10.servlet.ServletHolder(servlet);
              holder.setAsyncSupported(true);
              context.addServlet(holder, "/*");
            },
            StabilityInstaller.withDefaults()::install);
    try {
      HttpResponse<byte[]> failed =
          GzipTestSupport.CLIENT.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(installed.baseUrl() + "/fail-mid?size=500"))
                  .header("Accept-Encoding", "gzip")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> ok =
          GzipTestSupport.CLIENT.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(installed.baseUrl() + "/async?size=5000"))
                  .header("Accept-Encoding", "gzip")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());

      assertThat(failed.statusCode()).isEqualTo(500);
      byte[] body =
          "gzip".equals(header(failed, "Content-Encoding")) ? gunzip(failed.body()) : failed.body();
      assertThat(JSON.readTree(body).get("status").asInt()).isEqualTo(500);
      assertThat(header(ok, "Content-Encoding")).isEqualTo("gzip");
      assertThat(gunzip(ok.body())).isEqualTo(json(5000));
    } finally {
      installed.close();
    }
  }
}
