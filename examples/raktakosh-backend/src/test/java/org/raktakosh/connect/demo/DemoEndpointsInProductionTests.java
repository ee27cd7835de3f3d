package org.raktakosh.connect.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The back end in the {@code prod} profile: no {@code /demo/*} endpoints. */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    // prod waits 5 s for a load balancer when it shuts down; nothing routes to a test.
    properties = "stability.shutdown.readiness-delay=0s")
@ActiveProfiles("prod")
class DemoEndpointsInProductionTests {

  private static Path backups;

  @LocalServerPort private int port;

  @Autowired private ApplicationContext context;

  @DynamicPropertySource
  static void backupDirectory(DynamicPropertyRegistry registry) throws IOException {
    // The backup check creates its directory at start-up; keep it out of the working tree.
    backups = Files.createTempDirectory("raktakosh-prod-backups");
    registry.add("raktakosh.backup.directory", backups::toString);
  }

  @AfterAll
  static void deleteBackupDirectory() throws IOException {
    Files.deleteIfExists(backups);
  }

  @Test
  void demoControllerIsNotCreated() {
    assertThat(context.getBeanNamesForType(DemoController.class)).isEmpty();
  }

  @Test
  void demoFailIsNotFound() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/demo/fail"))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).doesNotContain(DemoController.FAILURE_MESSAGE);
  }
}
