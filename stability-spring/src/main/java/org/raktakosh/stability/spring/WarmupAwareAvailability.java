package org.raktakosh.stability.spring;

import org.raktakosh.stability.servlet.Warmup;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityState;
import org.springframework.boot.availability.ReadinessState;

/**
 * Spring Boot's {@link ApplicationAvailabilityBean}, but answering REFUSING_TRAFFIC for readiness
 * while the warm-up runs, so that what reads Boot's readiness (actuator's {@code
 * /actuator/health/readiness}) waits for the warm-up as Stability's {@code /health/ready} does.
 *
 * <p>Why not an event of our own: Boot declares ACCEPTING_TRAFFIC right after {@code
 * ApplicationReadyEvent}, and a REFUSING_TRAFFIC published from a listener of that declaration is
 * recorded before it, in whatever order the listeners run. Asking the warm-up when readiness is
 * read has no such race, and any state other than ACCEPTING_TRAFFIC (Boot's own REFUSING_TRAFFIC at
 * shutdown, an application's) passes unchanged.
 */
final class WarmupAwareAvailability extends ApplicationAvailabilityBean {

  private final Warmup warmup;

  WarmupAwareAvailability(Warmup warmup) {
    this.warmup = warmup;
  }

  @Override
  public <S extends AvailabilityState> S getState(Class<S> stateType, S defaultState) {
    return heldBack(stateType, super.getState(stateType, defaultState));
  }

  @Override
  public <S extends AvailabilityState> S getState(Class<S> stateType) {
    return heldBack(stateType, super.getState(stateType));
  }

  private <S extends AvailabilityState> S heldBack(Class<S> stateType, S state) {
    if (stateType == ReadinessState.class
        && state == ReadinessState.ACCEPTING_TRAFFIC
        && !warmup.isDone()) {
      return stateType.cast(ReadinessState.REFUSING_TRAFFIC);
    }
    return state;
  }
}
