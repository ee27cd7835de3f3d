package org.raktakosh.stability.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExceptionMappingsTest {

  /** A marker an application might put on its "not found" exceptions. */
  interface NotFound {}

  /** A more specific marker that inherits {@link NotFound}. */
  interface DonorNotFound extends NotFound {}

  static class AppException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  static class MissingResource extends AppException implements NotFound {
    private static final long serialVersionUID = 1L;
  }

  static class MissingDonor extends MissingResource {
    private static final long serialVersionUID = 1L;
  }

  static class UnknownDonor extends AppException implements DonorNotFound {
    private static final long serialVersionUID = 1L;
  }

  private static int statusFor(ExceptionMappings mappings, Throwable error) {
    return mappings.find(error).orElseThrow().status();
  }

  @Test
  void exactClassMappingIsFound() {
    ExceptionMappings mappings =
        ExceptionMappings.builder().map(IllegalArgumentException.class, 400).build();

    assertThat(statusFor(mappings, new IllegalArgumentException())).isEqualTo(400);
  }

  @Test
  void superclassMappingCoversSubclasses() {
    ExceptionMappings mappings = ExceptionMappings.builder().map(AppException.class, 409).build();

    assertThat(statusFor(mappings, new MissingDonor())).isEqualTo(409);
  }

  @Test
  void exactMatchWinsOverSuperclass() {
    ExceptionMappings mappings =
        ExceptionMappings.builder()
            .map(RuntimeException.class, 500)
            .map(IllegalArgumentException.class, 400)
            .build();

    assertThat(statusFor(mappings, new IllegalArgumentException())).isEqualTo(400);
  }

  @Test
  void exactMatchWinsOverSuperclassWhicheverIsMappedFirst() {
    ExceptionMappings mappings =
        ExceptionMappings.builder()
            .map(IllegalArgumentException.class, 400)
            .map(RuntimeException.class, 500)
            .build();

    assertThat(statusFor(mappings, new IllegalArgumentException())).isEqualTo(400);
  }

  @Test
  void nearestSuperclassWinsOverAFartherOne() {
    ExceptionMappings mappings =
        ExceptionMappings.builder()
            .map(AppException.class, 409)
            .map(MissingResource.class, 404)
            .build();

    assertThat(statusFor(mappings, new MissingDonor())).isEqualTo(404);
  }

  @Test
  void interfaceMappingIsFound() {
    ExceptionMappings mappings = ExceptionMappings.builder().map(NotFound.class, 404).build();

    assertThat(statusFor(mappings, new MissingResource())).isEqualTo(404);
  }

  @Test
  void interfaceImplementedBySuperclassIsFound() {
    ExceptionMappings mappings = ExceptionMappings.builder().map(NotFound.class, 404).build();

    assertThat(statusFor(mappings, new MissingDonor())).isEqualTo(404);
  }

  @Test
  void superInterfaceMappingIsFound() {
    ExceptionMappings mappings = ExceptionMappings.builder().map(NotFound.class, 404).build();

    assertThat(statusFor(mappings, new UnknownDonor())).isEqualTo(404);
  }

  @Test
  void classMappingWinsOverInterfaceMapping() {
    ExceptionMappings mappings =
        ExceptionMappings.builder()
            .map(NotFound.class, 404)
            .map(MissingResource.class, 410)
            .build();

    assertThat(statusFor(mappings, new MissingResource())).isEqualTo(410);
  }

  @Test
  void superclassMappingWinsOverInterfaceMapping() {
    ExceptionMappings mappings =
        ExceptionMappings.builder().map(NotFound.class, 404).map(AppException.class, 409).build();

    assertThat(statusFor(mappings, new MissingResource())).isEqualTo(409);
  }

  @Test
  void nonThrowableClassCannotBeMapped() {
    assertThatThrownBy(() -> ExceptionMappings.builder().map(String.class, 400))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String");
  }

  @Test
  void unmappedExceptionFindsNothing() {
    ExceptionMappings mappings =
        ExceptionMappings.builder().map(IllegalArgumentException.class, 400).build();

    assertThat(mappings.find(new IllegalStateException())).isEmpty();
  }

  @Test
  void subclassMappingDoesNotCoverItsSuperclass() {
    ExceptionMappings mappings =
        ExceptionMappings.builder().map(UncheckedIOException.class, 503).build();

    assertThat(mappings.find(new RuntimeException())).isEmpty();
  }

  @Test
  void noneFindsNothing() {
    assertThat(ExceptionMappings.none().find(new IOException())).isEmpty();
    assertThat(ExceptionMappings.none().asMap()).isEmpty();
  }

  @Test
  void laterMappingOfTheSameTypeReplacesTheEarlier() {
    ExceptionMappings mappings =
        ExceptionMappings.builder()
            .map(IllegalArgumentException.class, 400)
            .map(IllegalArgumentException.class, 422)
            .build();

    assertThat(statusFor(mappings, new IllegalArgumentException())).isEqualTo(422);
  }

  @Test
  void asMapListsMappingsInInsertionOrder() {
    ExceptionMappings mappings =
        ExceptionMappings.builder()
            .map(IllegalStateException.class, 409)
            .map(IllegalArgumentException.class, 400)
            .build();

    assertThat(mappings.asMap().keySet())
        .containsExactly(IllegalStateException.class, IllegalArgumentException.class);
  }

  @Test
  void asMapIsUnmodifiable() {
    ExceptionMappings mappings =
        ExceptionMappings.builder().map(IllegalArgumentException.class, 400).build();

    assertThatThrownBy(
            () ->
                mappings
                    .asMap()
                    .put(IOException.class, new ExceptionMappings.Mapping(500, null, null)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void builderChangesAfterBuildDoNotReachTheMappings() {
    ExceptionMappings.Builder builder =
        ExceptionMappings.builder().map(IllegalArgumentException.class, 400);
    ExceptionMappings mappings = builder.build();

    builder.map(IllegalStateException.class, 409);

    assertThat(mappings.find(new IllegalStateException())).isEmpty();
  }

  @Test
  void nullTypeIsRejected() {
    assertThatThrownBy(() -> ExceptionMappings.builder().map(null, 400))
        .isInstanceOf(NullPointerException.class);
  }

  // Mapping status bounds

  @Test
  void mappingStatus399IsRejected() {
    assertThatThrownBy(() -> ExceptionMappings.builder().map(IOException.class, 399))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("399");
  }

  @Test
  void mappingStatus400IsAccepted() {
    assertThat(new ExceptionMappings.Mapping(400, null, null).status()).isEqualTo(400);
  }

  @Test
  void mappingStatus599IsAccepted() {
    assertThat(new ExceptionMappings.Mapping(599, null, null).status()).isEqualTo(599);
  }

  @Test
  void mappingStatus600IsRejected() {
    assertThatThrownBy(() -> new ExceptionMappings.Mapping(600, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("600");
  }

  @Test
  void mappingStatus200IsRejected() {
    assertThatThrownBy(() -> ExceptionMappings.builder().map(IOException.class, 200))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mappingWithAnInvalidProblemTypeIsRejectedWhenMapped() {
    assertThatThrownBy(
            () -> ExceptionMappings.builder().map(IOException.class, 503, "not a uri", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // Mapping.toProblem

  @Test
  void mappingToProblemUsesTypeAndTitle() {
    ExceptionMappings mappings =
        ExceptionMappings.builder()
            .map(
                IllegalArgumentException.class, 422, "https://example.org/invalid", "Invalid input")
            .build();

    Problem problem =
        mappings.find(new IllegalArgumentException()).orElseThrow().toProblem().build();

    assertThat(problem.status()).isEqualTo(422);
    assertThat(problem.type()).isEqualTo("https://example.org/invalid");
    assertThat(problem.title()).contains("Invalid input");
  }

  @Test
  void mappingWithoutTypeOrTitleGivesAboutBlankAndTheReasonPhrase() {
    Problem problem = new ExceptionMappings.Mapping(404, null, null).toProblem().build();

    assertThat(problem.type()).isEqualTo(Problem.ABOUT_BLANK);
    assertThat(problem.title()).contains("Not Found");
  }

  @Test
  void mappingWithCustomTypeAndNoTitleGivesNoTitle() {
    Problem problem =
        new ExceptionMappings.Mapping(409, "https://example.org/conflict", null)
            .toProblem()
            .build();

    assertThat(problem.title()).isEmpty();
  }

  @Test
  void mappingToProblemIsABuilderTheCallerCanComplete() {
    Problem problem =
        new ExceptionMappings.Mapping(400, null, null)
            .toProblem()
            .detail("bad donor id")
            .instance("/donors/x")
            .build();

    assertThat(problem.detail()).contains("bad donor id");
    assertThat(problem.instance()).contains("/donors/x");
  }

  @Test
  void findReturnsTheMappingThatWasRegistered() {
    ExceptionMappings mappings =
        ExceptionMappings.builder().map(IllegalArgumentException.class, 400, null, "Bad").build();

    Optional<ExceptionMappings.Mapping> found = mappings.find(new IllegalArgumentException());

    assertThat(found).contains(new ExceptionMappings.Mapping(400, null, "Bad"));
  }
}
