package org.raktakosh.connect.request;

import java.time.Clock;
import org.raktakosh.connect.ApiProblems;
import org.raktakosh.connect.SqlTimes;
import org.raktakosh.connect.inventory.InventoryRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Fulfils blood requests from the inventory, in one transaction: the request turns fulfilled and
 * its units leave the stock together, or neither happens.
 *
 * <p>Both steps are conditional UPDATEs ("still open", "enough units"), and each locks its row
 * until the transaction ends, so concurrent fulfilments serialise on the rows they share: of two
 * that together want more than the stock, the second finds too few units and rolls back. Every
 * fulfilment locks the request row before the inventory row, so two of them cannot deadlock.
 */
@Service
public class RequestFulfilment {

  private final BloodRequestRepository requests;
  private final InventoryRepository inventory;
  private final Clock clock;

  /** Fulfilment over the two repositories, stamping with {@code clock}. */
  public RequestFulfilment(
      BloodRequestRepository requests, InventoryRepository inventory, Clock clock) {
    this.requests = requests;
    this.inventory = inventory;
    this.clock = clock;
  }

  /**
   * Marks request {@code id} fulfilled and takes its units from the inventory.
   *
   * @return the fulfilled request
   * @throws org.springframework.web.server.ResponseStatusException 404 for an unknown id; 409 if
   *     the request is already fulfilled or the inventory holds too few units, and then nothing
   *     changes
   */
  @Transactional
  public BloodRequest fulfil(String id) {
    if (!requests.markFulfilled(id, SqlTimes.now(clock))) {
      BloodRequest request =
          requests.findById(id).orElseThrow(() -> ApiProblems.notFound("No request with id " + id));
      throw ApiProblems.conflict(
          "Request " + id + " was already fulfilled at " + request.fulfilledAt());
    }
    BloodRequest request = requests.findById(id).orElseThrow();
    if (!inventory.take(request.bloodGroup(), request.units())) {
      // The exception rolls back the status change above.
      throw ApiProblems.conflict(
          "Not enough "
              + request.bloodGroup().label()
              + " in the inventory: the request needs "
              + request.units()
              + " units, "
              + inventory.find(request.bloodGroup()).units()
              + " are in stock");
    }
    return request;
  }
}
