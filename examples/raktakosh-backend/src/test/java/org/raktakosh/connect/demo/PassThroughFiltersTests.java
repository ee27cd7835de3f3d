package org.raktakosh.connect.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The overhead benchmark's pass-through filters, on a server with Stability off. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "stability.enabled=false",
      "raktakosh.demo.pass-through-filters=9",
      "raktakosh.demo.pass-through-wrapping=3"
    })
class PassThroughFiltersTests {

  private static Path backups;

  @LocalServerPort private int port;

  @Autowired private ServletContext servletContext;

  @DynamicPropertySource
  static void backupDirectory(DynamicPropertyRegistry registry) throws IOException {
    backups = Files.createTempDirectory("raktakosh-pass-through-backups");
    registry.add("raktakosh.backup.directory", backups::toString);
  }

  @AfterAll
  static void deleteBackupDirectory() throws IOException {
    Files.deleteIfExists(backups);
  }

  @Test
  void nineFiltersAreMountedOnEveryPathAndRequestsPassThem() throws Exception {
    Map<String, ? extends FilterRegistration> filters = servletContext.getFilterRegistrations();
    for (int i = 0; i < 9; i++) {
      assertThat(filters.get("passThrough" + i).getUrlPatternMappings()).containsExactly("/*");
    }
    assertThat(filters.keySet()).filteredOn(name -> name.startsWith("passThrough")).hasSize(9);

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/demo/slow?ms=0"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"sleptMs\":0}");
    assertThat(response.headers().firstValue("X-Request-Id")).isEmpty(); // Stability is off
  }

  @Test
  void moreWrappingThanFiltersFailsNamingTheKeys() {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty("raktakosh.demo.pass-through-filters", "2")
            .withProperty("raktakosh.demo.pass-through-wrapping", "3");

    assertThatThrownBy(() -> new PassThroughFilters().passThroughFilterMount(environment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("raktakosh.demo.pass-through-filters")
        .hasMessageContaining("raktakosh.demo.pass-through-wrapping");
  }
}
