package org.raktakosh.connect.inventory;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The body of {@code PUT /api/inventory/{group}}: the units now in stock, after a count.
 *
 * @param units 0 to {@value InventoryRepository#MAX_UNITS}
 */
public record StockLevel(@NotNull @Min(0) @Max(InventoryRepository.MAX_UNITS) Integer units) {}
