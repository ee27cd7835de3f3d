/**
 * Ready-made health checks: {@link org.raktakosh.stability.health.checks.HealthChecks} for the
 * process itself (heap, disk, deadlocks) and for dependencies (a JDBC {@code DataSource}, an HTTP
 * endpoint behind a circuit breaker, see {@link
 * org.raktakosh.stability.health.checks.HttpDependencyCheck}).
 *
 * <p>Checks of the process suit the {@code liveness} group; checks of dependencies belong in {@code
 * readiness} only, because restarting this process does not repair a database or a remote service.
 */
package org.raktakosh.stability.health.checks;
