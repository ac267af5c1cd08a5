package bitnet.api.dispatch;

import java.util.Objects;
import java.util.Set;

import bitnet.api.backend.Availability;
import bitnet.api.backend.BackendInfo;
import bitnet.api.ops.Op;

/**
 * A registered backend as the dispatcher sees it.
 *
 * @param info what the backend declares
 * @param ranking its {@code service.ranking}
 * @param serviceId its {@code service.id}
 * @param availability available, or why not
 * @param operations the operations it implements
 */
public record BackendStatus(BackendInfo info, int ranking, long serviceId, Availability availability,
        Set<Op> operations) {
    /** @throws NullPointerException if a component is null */
    public BackendStatus {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(availability, "availability");
        operations = Set.copyOf(operations);
    }
}
