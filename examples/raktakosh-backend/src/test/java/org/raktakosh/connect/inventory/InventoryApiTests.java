package org.raktakosh.connect.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.raktakosh.connect.ApiTestSupport;
import tools.jackson.databind.JsonNode;

/** {@code /api/inventory} over Tomcat. */
class InventoryApiTests extends ApiTestSupport {

  @Test
  void listShowsAllEightGroupsInOrderWithZeroForAnEmptyOne() throws Exception {
    put("/api/inventory/AB-", "{\"units\":0}");
    put("/api/inventory/A+", "{\"units\":4}");

    HttpResponse<String> response = get("/api/inventory");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode stock = json(response);
    List<String> groups = new ArrayList<>();
    stock.forEach(entry -> groups.add(entry.get("bloodGroup").asString()));
    assertThat(groups).containsExactly("A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-");
    assertThat(stock.get(0).get("units").asInt()).isEqualTo(4);
    assertThat(stock.get(5).get("units").asInt()).isZero();
  }

  @Test
  void anAcceptHeaderSpringCannotParseGetsAProblemNotABodilessAnswer() throws Exception {
    // Spring MVC cannot write its own error body for such a header: it leaves the status alone.
    HttpResponse<String> known = get("/api/inventory", "Accept", "*/*;q=abc");
    JsonNode problem = assertProblem(known, 406);
    assertThat(problem.get("requestId").asString())
        .isEqualTo(known.headers().firstValue("X-Request-Id").orElseThrow());

    assertProblem(get("/api/no-such-thing", "Accept", "*/*;q=abc"), 404);
  }

  @Test
  void putSetsTheUnitsOfAGroup() throws Exception {
    HttpResponse<String> response = put("/api/inventory/O-", "{\"units\":12}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"bloodGroup\":\"O-\",\"units\":12}");
    assertThat(units("O-")).isEqualTo(12);
  }

  @Test
  void plusSignInThePathWorksRawEncodedAndAsASpace() throws Exception {
    assertThat(put("/api/inventory/O+", "{\"units\":7}").body()).contains("\"bloodGroup\":\"O+\"");
    assertThat(units("O%2B")).isEqualTo(7);
    assertThat(units("O%20")).isEqualTo(7);
    assertThat(units("o+")).isEqualTo(7);
  }

  @Test
  void unitsFromZeroToTenThousandAreAccepted() throws Exception {
    assertThat(put("/api/inventory/B+", "{\"units\":0}").statusCode()).isEqualTo(200);
    assertThat(units("B%2B")).isZero();
    assertThat(put("/api/inventory/B+", "{\"units\":10000}").statusCode()).isEqualTo(200);
    assertThat(units("B%2B")).isEqualTo(10_000);
  }

  @Test
  void unitsOutOfRangeOrMissingAreA400Problem() throws Exception {
    put("/api/inventory/A-", "{\"units\":3}");

    assertProblem(put("/api/inventory/A-", "{\"units\":-1}"), 400);
    assertProblem(put("/api/inventory/A-", "{\"units\":10001}"), 400);
    assertProblem(put("/api/inventory/A-", "{}"), 400);
    assertProblem(put("/api/inventory/A-", "{\"units\":\"many\"}"), 400);
    assertThat(units("A-")).isEqualTo(3);
  }

  @Test
  void unknownGroupIsA400ProblemNamingTheGroups() throws Exception {
    JsonNode problem = assertProblem(put("/api/inventory/Z+", "{\"units\":1}"), 400);

    assertThat(problem.get("detail").asString())
        .isEqualTo("group must be one of A+, A-, B+, B-, AB+, AB-, O+, O- but was 'Z+'");
    assertProblem(get("/api/inventory/O"), 400);
    assertProblem(post("/api/inventory/C-/donations", "{\"units\":1}"), 400);
  }

  @Test
  void donationAddsUnits() throws Exception {
    put("/api/inventory/B-", "{\"units\":5}");

    HttpResponse<String> response = post("/api/inventory/B-/donations", "{\"units\":3}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"bloodGroup\":\"B-\",\"units\":8}");
    assertThat(units("B-")).isEqualTo(8);
  }

  @Test
  void donationOfZeroOrMoreThanTenThousandUnitsIsA400Problem() throws Exception {
    put("/api/inventory/B-", "{\"units\":5}");

    assertProblem(post("/api/inventory/B-/donations", "{\"units\":0}"), 400);
    assertProblem(post("/api/inventory/B-/donations", "{\"units\":10001}"), 400);
    assertThat(units("B-")).isEqualTo(5);
  }

  @Test
  void donationTakingTheStockPastTenThousandIsA409ProblemAndChangesNothing() throws Exception {
    put("/api/inventory/AB+", "{\"units\":9999}");

    JsonNode problem = assertProblem(post("/api/inventory/AB+/donations", "{\"units\":2}"), 409);

    assertThat(problem.get("detail").asString()).contains("AB+", "10000");
    assertThat(units("AB%2B")).isEqualTo(9999);
    assertThat(post("/api/inventory/AB+/donations", "{\"units\":1}").body()).contains("10000");
  }

  @Test
  void concurrentDonationsLoseNoUnits() throws Exception {
    put("/api/inventory/A-", "{\"units\":0}");

    List<CompletableFuture<HttpResponse<String>>> donations = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      donations.add(postAsync("/api/inventory/A-/donations", "{\"units\":1}"));
    }

    for (CompletableFuture<HttpResponse<String>> donation : donations) {
      assertThat(donation.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    assertThat(units("A-")).isEqualTo(20);
  }

  private int units(String group) throws Exception {
    HttpResponse<String> response = get("/api/inventory/" + group);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).get("units").asInt();
  }
}
