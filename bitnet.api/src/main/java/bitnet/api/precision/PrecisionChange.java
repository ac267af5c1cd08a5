package bitnet.api.precision;

import java.time.Instant;
import java.util.List;

/**
 * A change of the precisions in force, made because a memory pool crossed a pressure threshold.
 *
 * @param at when it happened
 * @param pool the pool whose threshold was crossed
 * @param threshold the threshold, as a fraction of the pool's limit
 * @param rising true when usage rose past it (precisions lowered), false when it fell below (restored)
 * @param levelBefore how many steps the designated components were lowered before
 * @param levelAfter how many steps they are lowered now
 * @param components the designated components the level applies to; copied
 */
public record PrecisionChange(Instant at, String pool, double threshold, boolean rising, int levelBefore,
        int levelAfter, List<ComponentType> components) {
    /** Copies the list. */
    public PrecisionChange {
        components = List.copyOf(components);
    }
}
