package org.raktakosh.connect.donor;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Repository;

/** Donors in memory, until the back end gets a database. Thread-safe. */
@Repository
public class DonorRepository {

  private final Map<String, Donor> donors = new ConcurrentHashMap<>();

  /** Stores {@code donor}, replacing one with the same id. */
  public Donor save(Donor donor) {
    donors.put(donor.id(), donor);
    return donor;
  }

  /** The donor with {@code id}, if any. */
  public Optional<Donor> findById(String id) {
    return Optional.ofNullable(donors.get(id));
  }

  /**
   * Donors matching both filters, oldest registration first; a null filter matches everyone. The
   * city matches ignoring case, as people type it.
   */
  public List<Donor> find(BloodGroup bloodGroup, String city) {
    String wantedCity = city == null ? null : city.strip().toLowerCase(Locale.ROOT);
    return donors.values().stream()
        .filter(d -> bloodGroup == null || d.bloodGroup() == bloodGroup)
        .filter(d -> wantedCity == null || d.city().toLowerCase(Locale.ROOT).equals(wantedCity))
        .sorted(Comparator.comparing(Donor::registeredAt).thenComparing(Donor::id))
        .toList();
  }
}
