package org.raktakosh.connect.inventory;

import jakarta.validation.Valid;
import java.util.List;
import org.raktakosh.connect.ApiProblems;
import org.raktakosh.connect.donor.BloodGroup;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/inventory}: units in stock per blood group. The group in the path is its label,
 * {@code O-} or {@code O+}; {@code %2B} for '+' works too, and so does any case.
 */
@RestController
@RequestMapping("/api/inventory")
public class InventoryController {

  private final InventoryRepository inventory;

  /** A controller over {@code inventory}. */
  public InventoryController(InventoryRepository inventory) {
    this.inventory = inventory;
  }

  /** All eight groups, 0 units for a group out of stock. */
  @GetMapping
  public List<Stock> list() {
    return inventory.all();
  }

  /** One group's stock; 400 for an unknown group. */
  @GetMapping("/{group}")
  public Stock get(@PathVariable String group) {
    return inventory.find(bloodGroup(group));
  }

  /** Sets a group's stock, after a count: units 0 to 10000, or 400. */
  @PutMapping("/{group}")
  public Stock set(@PathVariable String group, @Valid @RequestBody StockLevel level) {
    return inventory.set(bloodGroup(group), level.units());
  }

  /**
   * Adds donated units to a group's stock: units 1 to 10000, or 400; 409 if the stock would pass
   * 10000.
   */
  @PostMapping("/{group}/donations")
  public Stock donate(@PathVariable String group, @Valid @RequestBody Donation donation) {
    BloodGroup bloodGroup = bloodGroup(group);
    return inventory
        .add(bloodGroup, donation.units())
        .orElseThrow(
            () ->
                ApiProblems.conflict(
                    "Adding "
                        + donation.units()
                        + " units would take "
                        + bloodGroup.label()
                        + " past "
                        + InventoryRepository.MAX_UNITS
                        + " units"));
  }

  private static BloodGroup bloodGroup(String label) {
    return BloodGroup.fromLabel(label)
        .orElseThrow(() -> ApiProblems.invalidBloodGroup("group", label));
  }
}
