package bitnet.api.tensor;

import java.util.Objects;

/**
 * Where a tensor's memory lives: a device kind and an index among devices of that kind.
 *
 * @param kind the device kind, for example {@code "cpu"}, {@code "metal"}
 * @param index the device index, 0 for the first
 */
public record Device(String kind, int index) {
    /** The host CPU; every tensor in this version lives here. */
    public static final Device CPU = new Device("cpu", 0);

    /**
     * @throws NullPointerException if {@code kind} is null
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public Device {
        Objects.requireNonNull(kind, "kind");
        if (index < 0) {
            throw new IllegalArgumentException("device index must not be negative: " + index);
        }
    }

    @Override
    public String toString() {
        return kind + ":" + index;
    }
}
