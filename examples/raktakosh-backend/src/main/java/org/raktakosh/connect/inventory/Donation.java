package org.raktakosh.connect.inventory;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code POST /api/inventory/{group}/donations}: units collected, added to the stock.
 *
 * @param units 1 to {@value InventoryRepository#MAX_UNITS}
 */
public record Donation(@NotNull @Min(1) @Max(InventoryRepository.MAX_UNITS) Integer units) {}
