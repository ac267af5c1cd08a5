package bitnet.precision;

import java.util.Set;
import java.util.regex.Pattern;

import bitnet.api.precision.ComponentType;
import bitnet.api.precision.LayerDescriptor;
import bitnet.api.precision.LayerType;
import bitnet.api.precision.Precision;
import bitnet.api.precision.ResolutionContext;

/**
 * The conditions of one rule, all of which must hold. An empty set or an open range places no constraint; a
 * bounded range on a value the context does not know (NaN or -1) does not hold.
 *
 * @param layerTypes layer types any of which matches; empty for all
 * @param components component types any of which matches; empty for all
 * @param name pattern the whole layer name must match, or null
 * @param minIndex lowest layer index, inclusive
 * @param maxIndex highest layer index, inclusive
 * @param memory pool use range
 * @param elements element count range
 * @param bytes F32 byte size range
 * @param error range of the measured relative RMSE of the rule's own precision
 */
record Condition(Set<LayerType> layerTypes, Set<ComponentType> components, Pattern name, int minIndex,
        int maxIndex, Range memory, Range elements, Range bytes, Range error) {

    /** A numeric interval with optional, inclusive or exclusive bounds. */
    record Range(double low, boolean lowInclusive, double high, boolean highInclusive) {
        static final Range ANY = new Range(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);

        boolean bounded() {
            return !equals(ANY);
        }

        boolean contains(double v) {
            if (Double.isNaN(v)) {
                return false;
            }
            boolean aboveLow = lowInclusive ? v >= low : v > low;
            boolean belowHigh = highInclusive ? v <= high : v < high;
            return aboveLow && belowHigh;
        }

        Range atLeast(double v, boolean inclusive) {
            return new Range(v, inclusive, high, highInclusive);
        }

        Range atMost(double v, boolean inclusive) {
            return new Range(low, lowInclusive, v, inclusive);
        }
    }

    static Condition any() {
        return new Condition(Set.of(), Set.of(), null, Integer.MIN_VALUE, Integer.MAX_VALUE, Range.ANY, Range.ANY,
                Range.ANY, Range.ANY);
    }

    boolean matches(LayerDescriptor layer, ComponentType component, ResolutionContext context, Precision action) {
        if (!layerTypes.isEmpty() && !layerTypes.contains(layer.type())) {
            return false;
        }
        if (!components.isEmpty() && !components.contains(component)) {
            return false;
        }
        if (name != null && !name.matcher(layer.name()).matches()) {
            return false;
        }
        if (layer.index() < minIndex || layer.index() > maxIndex) {
            return false;
        }
        if (memory.bounded() && !memory.contains(context.memoryUse())) {
            return false;
        }
        if (elements.bounded() && (context.elements() < 0 || !elements.contains(context.elements()))) {
            return false;
        }
        if (bytes.bounded() && (context.elements() < 0 || !bytes.contains(context.f32Bytes()))) {
            return false;
        }
        // Measured last: it converts data, the other conditions are free.
        return !error.bounded() || error.contains(context.measuredError().applyAsDouble(action));
    }
}
