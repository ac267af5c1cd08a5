package bitnet.api.precision;

import java.util.Objects;

/**
 * One component of a layer, seen as a row-major {@code rows x cols} matrix: a weight matrix is
 * {@code [out, in]}, activations are {@code [tokens, features]}, a norm's weight vector is {@code [1, n]}. Each row
 * is one scaling unit where a precision keeps a scale per row (INT8).
 *
 * <p>The optional {@code data} holds the component's values, or a sample of whole rows of them, for measuring the
 * error of a conversion. The array is not copied: it belongs to this value, and nobody may change it after
 * construction.
 *
 * @param component which component this is
 * @param rows rows, at least 0
 * @param cols columns, at least 0
 * @param data row-major values of the first {@code data.length / cols} rows, or null when only the shape is known
 */
public record ComponentSpec(ComponentType component, long rows, long cols, float[] data) {
    /**
     * @throws NullPointerException if {@code component} is null
     * @throws PrecisionException if a dimension is negative, the element count overflows a long, or {@code data}
     *         is not a whole number of rows no longer than the component
     */
    public ComponentSpec {
        Objects.requireNonNull(component, "component");
        if (rows < 0 || cols < 0) {
            throw new PrecisionException(component + ": dimensions must not be negative, got " + rows + " x " + cols);
        }
        if (cols != 0 && rows > Long.MAX_VALUE / cols) {
            throw new PrecisionException(component + ": " + rows + " x " + cols + " elements overflow a long");
        }
        if (data != null && (cols == 0 ? data.length != 0 : data.length % cols != 0 || data.length > rows * cols)) {
            throw new PrecisionException(component + ": data of " + data.length + " values is not a whole number of "
                    + "rows of " + cols + " within " + rows + " rows");
        }
    }

    /**
     * A component known by its shape only.
     *
     * @param component which component
     * @param rows rows
     * @param cols columns
     * @return a spec without data
     */
    public static ComponentSpec of(ComponentType component, long rows, long cols) {
        return new ComponentSpec(component, rows, cols, null);
    }

    /** @return {@code rows * cols} */
    public long elements() {
        return rows * cols;
    }
}
