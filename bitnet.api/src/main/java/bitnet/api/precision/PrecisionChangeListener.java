package bitnet.api.precision;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when memory pressure changes the precisions in force. Register as a service; the manager calls it on the
 * thread that crossed the pool's threshold (an allocating thread), so it must return quickly and must not
 * allocate from that pool.
 */
@ConsumerType
@FunctionalInterface
public interface PrecisionChangeListener {
    /** @param change what changed and why */
    void onChange(PrecisionChange change);
}
