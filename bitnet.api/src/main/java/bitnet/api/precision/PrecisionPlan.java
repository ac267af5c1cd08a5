package bitnet.api.precision;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The resolved precision of every component of a list of layers under one policy, with exact byte counts.
 *
 * @param policy the policy's name
 * @param memoryUse the pool's use when the plan was made, as in {@link ResolutionContext#memoryUse()}
 * @param adjustmentLevel how many steps memory pressure lowered the designated components (0 for none)
 * @param entries one per component, in layer order; copied
 */
public record PrecisionPlan(String policy, double memoryUse, int adjustmentLevel, List<PlanEntry> entries) {
    /** @throws NullPointerException if an argument is null */
    public PrecisionPlan {
        Objects.requireNonNull(policy, "policy");
        entries = List.copyOf(entries);
    }

    /** @return bytes of all components at their precisions */
    public long totalBytes() {
        long sum = 0;
        for (PlanEntry e : entries) {
            sum += e.bytes();
        }
        return sum;
    }

    /** @return bytes of all components at F32 */
    public long f32Bytes() {
        long sum = 0;
        for (PlanEntry e : entries) {
            sum += e.f32Bytes();
        }
        return sum;
    }

    /**
     * The speed proxy: bytes one pass over the configured tokens reads, that is every component except
     * {@link ComponentType#GRADIENTS} (training only) read once. Fewer bytes moved is taken as faster; it ignores
     * compute and the cost of converting between precisions.
     *
     * @return bytes moved per pass
     */
    public long bytesMoved() {
        long sum = 0;
        for (PlanEntry e : entries) {
            if (e.component().component() != ComponentType.GRADIENTS) {
                sum += e.bytes();
            }
        }
        return sum;
    }

    /** @return bytes per precision in force, for precisions that occur */
    public Map<Precision, Long> bytesByPrecision() {
        Map<Precision, Long> m = new EnumMap<>(Precision.class);
        for (PlanEntry e : entries) {
            m.merge(e.precision(), e.bytes(), Long::sum);
        }
        return m;
    }

    /** @return bytes per component type, for types that occur */
    public Map<ComponentType, Long> bytesByComponent() {
        Map<ComponentType, Long> m = new EnumMap<>(ComponentType.class);
        for (PlanEntry e : entries) {
            m.merge(e.component().component(), e.bytes(), Long::sum);
        }
        return m;
    }
}
