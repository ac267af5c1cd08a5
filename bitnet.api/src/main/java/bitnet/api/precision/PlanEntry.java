package bitnet.api.precision;

import java.util.Objects;

/**
 * The precision of one component of one layer in a plan, and its exact storage size.
 *
 * @param layer the layer
 * @param component the component, with its shape (and data, if registered with data)
 * @param decision what the policy decided and why
 * @param precision the precision in force: the policy's, or lower when memory pressure adjusted it
 * @param bytes the component's bytes at {@code precision}, scales included, as {@code docs/precision.md} counts
 *        them
 */
public record PlanEntry(LayerDescriptor layer, ComponentSpec component, Decision decision, Precision precision,
        long bytes) {
    /** @throws NullPointerException if an argument is null */
    public PlanEntry {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(precision, "precision");
    }

    /** @return true when memory pressure lowered the policy's precision */
    public boolean adjusted() {
        return precision != decision.precision();
    }

    /** @return the component's bytes at F32, 4 per element */
    public long f32Bytes() {
        return component.elements() * 4;
    }
}
