package bitnet.api.memory;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when a pool crosses a usage threshold. Register as a service; the pool calls it from the allocating
 * thread, so an implementation must return quickly and must not allocate from the same pool.
 */
@ConsumerType
@FunctionalInterface
public interface MemoryPressureListener {

    /** @param event which pool, which threshold, how much is used */
    void onPressure(PressureEvent event);

    /**
     * @param pool the pool's name
     * @param threshold the threshold crossed, as a fraction of the limit (for example 0.8)
     * @param bytesInUse bytes in use when it was crossed
     * @param limitBytes the pool's limit
     * @param rising true when usage rose above the threshold, false when it fell below
     */
    record PressureEvent(String pool, double threshold, long bytesInUse, long limitBytes, boolean rising) {
    }
}
