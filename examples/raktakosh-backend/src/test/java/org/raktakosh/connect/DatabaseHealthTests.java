package org.raktakosh.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The starter's {@code db} check of the application's DataSource (and {@link
 * RaktaKoshBackendTests#healthIsUpWithAFreshBackup()} shows that {@code /health} stays UP with it).
 */
class DatabaseHealthTests extends ApiTestSupport {

  @Test
  void detailedHealthShowsTheDatabaseUp() throws Exception {
    HttpResponse<String> response = get("/health/detailed");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode db = json(response).get("checks").get("db");
    assertThat(db.get("status").asString()).isEqualTo("UP");
    assertThat(db.get("details").get("database").asString()).isEqualTo("H2");
  }

  @Test
  void readinessIncludesTheDatabase() throws Exception {
    HttpResponse<String> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode ready = json(response);
    assertThat(ready.get("status").asString()).isEqualTo("UP");
    assertThat(ready.get("checks").get("db").get("status").asString()).isEqualTo("UP");
  }
}
