package org.raktakosh.connect.request;

import jakarta.validation.Valid;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.raktakosh.connect.ApiProblems;
import org.raktakosh.connect.SqlTimes;
import org.raktakosh.connect.donor.BloodGroup;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /api/requests}: hospitals' requests for blood, and their fulfilment from the inventory.
 */
@RestController
@RequestMapping("/api/requests")
public class BloodRequestController {

  private final BloodRequestRepository repository;
  private final RequestFulfilment fulfilment;
  private final Clock clock;

  /** A controller over {@code repository} and {@code fulfilment}, stamping with {@code clock}. */
  public BloodRequestController(
      BloodRequestRepository repository, RequestFulfilment fulfilment, Clock clock) {
    this.repository = repository;
    this.fulfilment = fulfilment;
    this.clock = clock;
  }

  /** Creates an open request: 201 with the request and its Location, or 400 with a problem. */
  @PostMapping
  public ResponseEntity<BloodRequest> create(
      @Valid @RequestBody NewBloodRequest body, UriComponentsBuilder uri) {
    BloodGroup group =
        BloodGroup.fromLabel(body.bloodGroup())
            .orElseThrow(() -> ApiProblems.invalidBloodGroup("bloodGroup", body.bloodGroup()));
    BloodRequest request =
        repository.save(
            new BloodRequest(
                UUID.randomUUID().toString(),
                group,
                body.units(),
                body.hospital().strip(),
                body.city().strip(),
                body.neededBy(),
                RequestStatus.OPEN,
                SqlTimes.now(clock),
                null));
    return ResponseEntity.created(
            uri.path("/api/requests/{id}").buildAndExpand(request.id()).toUri())
        .body(request);
  }

  /**
   * Requests in {@code status}, {@code open} (the default: most urgent first) or {@code fulfilled}
   * (latest first); 400 for another status.
   */
  @GetMapping
  public List<BloodRequest> list(@RequestParam(defaultValue = "open") String status) {
    return repository.findByStatus(
        RequestStatus.fromLabel(status)
            .orElseThrow(
                () ->
                    ApiProblems.badRequest(
                        "status must be open or fulfilled but was '" + status + "'")));
  }

  /** One request, or 404. */
  @GetMapping("/{id}")
  public BloodRequest get(@PathVariable String id) {
    return repository
        .findById(id)
        .orElseThrow(() -> ApiProblems.notFound("No request with id " + id));
  }

  /**
   * Fulfils a request from the inventory: 200 with the fulfilled request; 404 for an unknown id;
   * 409 if it is already fulfilled or the inventory is short, and then nothing changes.
   */
  @PostMapping("/{id}/fulfil")
  public BloodRequest fulfil(@PathVariable String id) {
    return fulfilment.fulfil(id);
  }
}
