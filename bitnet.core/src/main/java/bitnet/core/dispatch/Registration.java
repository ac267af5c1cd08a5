package bitnet.core.dispatch;

import java.util.Comparator;

import bitnet.api.backend.ComputeBackend;

/**
 * A backend service with the properties that order it.
 *
 * @param backend the service object
 * @param ranking its {@code service.ranking}
 * @param serviceId its {@code service.id}
 */
public record Registration(ComputeBackend backend, int ranking, long serviceId) {
    /** Highest ranking first, ties broken by the lowest service id (the OSGi rule). */
    public static final Comparator<Registration> BEST_FIRST = Comparator.comparingInt(Registration::ranking)
            .reversed().thenComparingLong(Registration::serviceId);
}
