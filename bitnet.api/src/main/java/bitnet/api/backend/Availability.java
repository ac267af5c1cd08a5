package bitnet.api.backend;

import java.util.Objects;

/**
 * Whether a backend can run operations now.
 *
 * @param available true if it can
 * @param reason why not (empty when available): a missing native library, no device, stopping
 */
public record Availability(boolean available, String reason) {
    /** @throws NullPointerException if {@code reason} is null */
    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    /** @return an available backend */
    public static Availability ready() {
        return new Availability(true, "");
    }

    /**
     * @param reason what prevents it, in words a user can act on
     * @return an unavailable backend
     */
    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
