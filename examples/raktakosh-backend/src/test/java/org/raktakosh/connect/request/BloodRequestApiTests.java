package org.raktakosh.connect.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.raktakosh.connect.ApiTestSupport;
import tools.jackson.databind.JsonNode;

/** {@code /api/requests} over Tomcat, fulfilment against the inventory included. */
class BloodRequestApiTests extends ApiTestSupport {

  /** The day as the server's validator sees it (same JVM, same zone). */
  private static final LocalDate TODAY = LocalDate.now(ZoneId.systemDefault());

  @Test
  void createdRequestIsOpenWithItsLocation() throws Exception {
    HttpResponse<String> created =
        post(
            "/api/requests",
            """
            {"bloodGroup":"O-","units":3,"hospital":" SSKM Hospital ","city":"Kolkata",
             "neededBy":"%s"}
            """
                .formatted(TODAY.plusDays(2)));

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode request = json(created);
    assertThat(request.get("bloodGroup").asString()).isEqualTo("O-");
    assertThat(request.get("units").asInt()).isEqualTo(3);
    assertThat(request.get("hospital").asString()).isEqualTo("SSKM Hospital");
    assertThat(request.get("neededBy").asString()).isEqualTo(TODAY.plusDays(2).toString());
    assertThat(request.get("status").asString()).isEqualTo("open");
    assertThat(request.get("fulfilledAt").isNull()).isTrue();
    String location = created.headers().firstValue("Location").orElseThrow();
    assertThat(location).endsWith("/api/requests/" + request.get("id").asString());
    assertThat(get(location.substring(location.indexOf("/api/"))).body()).isEqualTo(created.body());
  }

  @Test
  void neededByIsOptionalAndMayBeToday() throws Exception {
    assertThat(json(post("/api/requests", body("A+", 1, null))).get("neededBy").isNull()).isTrue();
    LocalDate today = LocalDate.now(ZoneId.systemDefault());
    assertThat(post("/api/requests", body("A+", 1, "\"" + today + "\"")).statusCode())
        .isEqualTo(201);
  }

  @Test
  void unitsFromOneToFiftyAreAccepted() throws Exception {
    assertThat(post("/api/requests", body("B+", 1, null)).statusCode()).isEqualTo(201);
    assertThat(post("/api/requests", body("B+", 50, null)).statusCode()).isEqualTo(201);
  }

  @Test
  void invalidRequestsAreA400Problem() throws Exception {
    assertThat(errors(post("/api/requests", body("B+", 0, null))))
        .isEqualTo("{\"units\":\"must be greater than or equal to 1\"}");
    assertThat(errors(post("/api/requests", body("B+", 51, null))))
        .isEqualTo("{\"units\":\"must be less than or equal to 50\"}");
    assertThat(errors(post("/api/requests", body("Z+", 2, null))))
        .isEqualTo("{\"bloodGroup\":\"must be one of A+, A-, B+, B-, AB+, AB-, O+, O-\"}");
    assertThat(errors(post("/api/requests", body("B+", 2, "\"" + TODAY.minusDays(1) + "\""))))
        .isEqualTo("{\"neededBy\":\"must be a date in the present or in the future\"}");
    assertProblem(post("/api/requests", body("B+", 2, "\"2025-13-45\"")), 400);
    assertProblem(
        post(
            "/api/requests",
            "{\"bloodGroup\":\"B+\",\"units\":2,\"hospital\":\" \",\"city\":\"X\"}"),
        400);
    assertProblem(
        post("/api/requests", "{\"bloodGroup\":\"B+\",\"hospital\":\"H\",\"city\":\"X\"}"), 400);
    assertProblem(post("/api/requests", "{\"bloodGroup\":"), 400);
  }

  @Test
  void openRequestsComeMostUrgentFirstAndThoseWithoutADateLast() throws Exception {
    String later = id(post("/api/requests", body("AB+", 2, "\"" + TODAY.plusDays(10) + "\"")));
    String undated = id(post("/api/requests", body("AB+", 2, null)));
    String sooner = id(post("/api/requests", body("AB+", 2, "\"" + TODAY.plusDays(1) + "\"")));

    HttpResponse<String> open = get("/api/requests");

    assertThat(open.statusCode()).isEqualTo(200);
    List<String> ids = ids(open);
    assertThat(ids).contains(later, undated, sooner);
    assertThat(ids.indexOf(sooner)).isLessThan(ids.indexOf(later));
    assertThat(ids.indexOf(later)).isLessThan(ids.indexOf(undated));
    assertThat(ids(get("/api/requests?status=OPEN"))).isEqualTo(ids);
  }

  @Test
  void fulfilTakesTheUnitsAndMovesTheRequestToFulfilled() throws Exception {
    put("/api/inventory/O-", "{\"units\":10}");
    String id = id(post("/api/requests", body("O-", 4, null)));

    HttpResponse<String> fulfilled = post("/api/requests/" + id + "/fulfil", "");

    assertThat(fulfilled.statusCode()).as(fulfilled.body()).isEqualTo(200);
    assertThat(json(fulfilled).get("status").asString()).isEqualTo("fulfilled");
    assertThat(json(fulfilled).get("fulfilledAt").isNull()).isFalse();
    assertThat(units("O-")).isEqualTo(6);
    assertThat(ids(get("/api/requests?status=open"))).doesNotContain(id);
    assertThat(ids(get("/api/requests?status=fulfilled"))).contains(id);
    assertThat(get("/api/requests/" + id).body()).isEqualTo(fulfilled.body());
  }

  @Test
  void secondFulfilIsA409ProblemAndTakesNothing() throws Exception {
    put("/api/inventory/O-", "{\"units\":10}");
    String id = id(post("/api/requests", body("O-", 4, null)));
    post("/api/requests/" + id + "/fulfil", "");

    JsonNode problem = assertProblem(post("/api/requests/" + id + "/fulfil", ""), 409);

    assertThat(problem.get("detail").asString()).contains("already fulfilled");
    assertThat(units("O-")).isEqualTo(6);
  }

  @Test
  void fulfilBeyondTheStockIsA409ProblemAndLeavesTheRequestOpen() throws Exception {
    put("/api/inventory/A-", "{\"units\":2}");
    String id = id(post("/api/requests", body("A-", 3, null)));

    JsonNode problem = assertProblem(post("/api/requests/" + id + "/fulfil", ""), 409);

    assertThat(problem.get("detail").asString())
        .isEqualTo("Not enough A- in the inventory: the request needs 3 units, 2 are in stock");
    assertThat(json(get("/api/requests/" + id)).get("status").asString()).isEqualTo("open");
    assertThat(units("A-")).isEqualTo(2);
  }

  @Test
  void unknownRequestIsA404Problem() throws Exception {
    assertProblem(post("/api/requests/no-such-request/fulfil", ""), 404);
    assertProblem(get("/api/requests/no-such-request"), 404);
  }

  @Test
  void unknownStatusIsA400Problem() throws Exception {
    JsonNode problem = assertProblem(get("/api/requests?status=pending"), 400);

    assertThat(problem.get("detail").asString()).contains("open or fulfilled");
  }

  @Test
  void concurrentFulfilsNeverTakeMoreThanTheStock() throws Exception {
    for (int round = 0; round < 5; round++) {
      // Eight requests of 2 units against 10 in stock: five can be fulfilled, three cannot.
      put("/api/inventory/AB-", "{\"units\":10}");
      List<String> requests = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        requests.add(id(post("/api/requests", body("AB-", 2, null))));
      }

      List<Integer> statuses = fulfilAtOnce(requests);

      assertThat(statuses).as("round %d", round).filteredOn(s -> s == 200).hasSize(5);
      assertThat(statuses).as("round %d", round).filteredOn(s -> s == 409).hasSize(3);
      assertThat(units("AB-")).isZero();
      assertThat(requests.stream().filter(this::fulfilled)).as("round %d", round).hasSize(5);
    }
  }

  @Test
  void concurrentFulfilsOfOneRequestTakeItsUnitsOnce() throws Exception {
    for (int round = 0; round < 5; round++) {
      put("/api/inventory/B-", "{\"units\":10}");
      String id = id(post("/api/requests", body("B-", 3, null)));

      List<Integer> statuses = fulfilAtOnce(List.of(id, id, id));

      assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(200, 409, 409);
      assertThat(units("B-")).isEqualTo(7);
    }
  }

  /** Fulfils {@code requests} all at once; the answers' status codes, in the same order. */
  private List<Integer> fulfilAtOnce(List<String> requests) throws Exception {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (String id : requests) {
      calls.add(postAsync("/api/requests/" + id + "/fulfil", ""));
    }
    List<Integer> statuses = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      statuses.add(call.get(30, TimeUnit.SECONDS).statusCode());
    }
    return statuses;
  }

  private boolean fulfilled(String id) {
    try {
      return json(get("/api/requests/" + id)).get("status").asString().equals("fulfilled");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private int units(String group) throws Exception {
    return json(get("/api/inventory/" + group)).get("units").asInt();
  }

  /** The {@code errors} of a 400 problem, as JSON. */
  private static String errors(HttpResponse<String> response) {
    return assertProblem(response, 400).get("errors").toString();
  }

  private static String body(String group, int units, String neededBy) {
    return """
        {"bloodGroup":"%s","units":%d,"hospital":"City Hospital","city":"Pune","neededBy":%s}
        """
        .formatted(group, units, neededBy);
  }

  private static String id(HttpResponse<String> created) {
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created).get("id").asString();
  }

  private static List<String> ids(HttpResponse<String> list) {
    assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    json(list).forEach(request -> ids.add(request.get("id").asString()));
    return ids;
  }
}
