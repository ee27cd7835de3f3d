package org.raktakosh.connect.donor;

import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.raktakosh.connect.ApiProblems;
import org.raktakosh.connect.SqlTimes;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** {@code /api/donors}: register donors and find them by blood group and city. */
@RestController
@RequestMapping("/api/donors")
public class DonorController {

  private final DonorRepository repository;
  private final Clock clock;

  /** A controller over {@code repository}, stamping registrations with {@code clock}. */
  public DonorController(DonorRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  /** Registers a donor: 201 with the donor and its Location, or 400 with a problem document. */
  @PostMapping
  public ResponseEntity<Donor> register(
      @Valid @RequestBody DonorRequest request, UriComponentsBuilder uri) {
    BloodGroup group =
        BloodGroup.fromLabel(request.bloodGroup())
            .orElseThrow(() -> ApiProblems.invalidBloodGroup("bloodGroup", request.bloodGroup()));
    Donor donor =
        repository.save(
            new Donor(
                UUID.randomUUID().toString(),
                request.name().strip(),
                group,
                request.city().strip(),
                request.phone().strip(),
                SqlTimes.now(clock)));
    return ResponseEntity.created(uri.path("/api/donors/{id}").buildAndExpand(donor.id()).toUri())
        .body(donor);
  }

  /**
   * Lists donors, optionally only those of {@code bloodGroup} (encode '+' as %2B) and in {@code
   * city}.
   */
  @GetMapping
  public List<Donor> list(
      @RequestParam(required = false) String bloodGroup,
      @RequestParam(required = false) String city) {
    BloodGroup group =
        bloodGroup == null
            ? null
            : BloodGroup.fromLabel(bloodGroup)
                .orElseThrow(() -> ApiProblems.invalidBloodGroup("bloodGroup", bloodGroup));
    return repository.find(group, city);
  }

  /** One donor, or 404. */
  @GetMapping("/{id}")
  public Donor get(@PathVariable String id) {
    return repository
        .findById(id)
        .orElseThrow(() -> ApiProblems.notFound("No donor with id " + id));
  }
}
