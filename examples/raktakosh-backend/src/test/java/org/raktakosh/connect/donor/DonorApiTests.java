package org.raktakosh.connect.donor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.raktakosh.connect.ApiTestSupport;
import tools.jackson.databind.JsonNode;

/** {@code /api/donors} over Tomcat, against the database. */
class DonorApiTests extends ApiTestSupport {

  /** A city no other test registers donors in. */
  private final String city = "Shillong " + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void registeredDonorIsReadBackAsRegistered() throws Exception {
    HttpResponse<String> created = register("Bina Roy", "AB-");

    HttpResponse<String> read = get("/api/donors/" + json(created).get("id").asString());

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).isEqualTo(created.body());
  }

  @Test
  void unknownDonorIsA404Problem() throws Exception {
    JsonNode problem = assertProblem(get("/api/donors/no-such-donor"), 404);

    assertThat(problem.get("detail").asString()).isEqualTo("No donor with id no-such-donor");
  }

  @Test
  void searchMatchesTheCityIgnoringCaseAndTheBloodGroupExactly() throws Exception {
    register("Chandra Das", "B+");
    register("Dipa Sen", "B-");

    assertThat(names("?city=" + encoded(city.toUpperCase())))
        .containsExactly("Chandra Das", "Dipa Sen");
    assertThat(names("?bloodGroup=B%2B&city=" + encoded(city.toLowerCase())))
        .containsExactly("Chandra Das");
    assertThat(names("?bloodGroup=b-&city=" + encoded(city))).containsExactly("Dipa Sen");
    assertThat(names("?bloodGroup=O-&city=" + encoded(city))).isEmpty();
  }

  @Test
  void listWithoutFiltersHasEveryoneOldestFirst() throws Exception {
    register("Esha Paul", "O+");
    register("Farah Ali", "O+");

    List<String> names = names("");

    assertThat(names).contains("Esha Paul", "Farah Ali");
    assertThat(names.indexOf("Esha Paul")).isLessThan(names.indexOf("Farah Ali"));
  }

  @Test
  void invalidDonorIsA400ProblemNamingEachInvalidField() throws Exception {
    JsonNode problem =
        assertProblem(
            post(
                "/api/donors",
                "{\"name\":\"\",\"bloodGroup\":\"Z+\",\"city\":\"Pune\",\"phone\":\"12\"}"),
            400);

    assertThat(problem.get("errors").propertyNames())
        .containsExactly("bloodGroup", "name", "phone");
  }

  @Test
  void unknownBloodGroupInTheSearchIsA400Problem() throws Exception {
    assertProblem(get("/api/donors?bloodGroup=Q"), 400);
  }

  private HttpResponse<String> register(String name, String group) throws Exception {
    HttpResponse<String> created =
        post(
            "/api/donors",
            """
            {"name":"%s","bloodGroup":"%s","city":"%s","phone":"+91 98300 12345"}
            """
                .formatted(name, group, city));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return created;
  }

  private List<String> names(String query) throws Exception {
    HttpResponse<String> response = get("/api/donors" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    json(response).forEach(donor -> names.add(donor.get("name").asString()));
    return names;
  }

  private static String encoded(String value) {
    return value.replace(" ", "%20");
  }
}
