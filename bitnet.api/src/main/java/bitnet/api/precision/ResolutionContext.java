package bitnet.api.precision;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * What a rule may look at besides the layer and component: memory use, the component's size and the measured
 * error of converting its data. Unknown values make every condition on them false.
 *
 * @param memoryUse bytes the memory pool has reserved over its limit, in [0, 1]; {@code NaN} when unknown (no
 *        pool, or a pool without a limit)
 * @param elements the component's element count; -1 when unknown
 * @param measuredError the relative RMSE ({@code RMSE / RMS} of the data) of converting the component's data to a
 *        precision and back, measured on the data; returns {@code NaN} when there is no data. Called only by rules
 *        with an error condition; must be thread-safe
 */
public record ResolutionContext(double memoryUse, long elements, ToDoubleFunction<Precision> measuredError) {
    /** @throws NullPointerException if {@code measuredError} is null */
    public ResolutionContext {
        Objects.requireNonNull(measuredError, "measuredError");
    }

    /** @return a context where nothing is known: conditions on memory, size and error are all false */
    public static ResolutionContext unknown() {
        return new ResolutionContext(Double.NaN, -1, p -> Double.NaN);
    }

    /** @return the component's size at F32, 4 bytes per element; -1 when unknown */
    public long f32Bytes() {
        return elements < 0 ? -1 : elements * 4;
    }
}
