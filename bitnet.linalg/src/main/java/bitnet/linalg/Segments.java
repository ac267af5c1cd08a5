package bitnet.linalg;

import bitnet.api.tensor.DType;
import bitnet.api.tensor.UnsupportedDTypeException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Copies matrices between a tensor's {@link MemorySegment} (F32 or F64, native byte order, row-major) and the
 * {@code double[]} the kernels work on. The copy is O(mn) against the O(n^3) of a decomposition.
 */
public final class Segments {
    private Segments() {
    }

    /**
     * @param segment source, owned by the caller; read from {@code offset} (bytes)
     * @param count elements to read
     * @throws UnsupportedDTypeException for a dtype other than F32 or F64
     * @throws IndexOutOfBoundsException if the elements reach past the segment
     */
    public static double[] read(MemorySegment segment, long offset, DType dtype, int count) {
        double[] out = new double[count];
        switch (dtype) {
            case F64 -> MemorySegment.copy(segment, ValueLayout.JAVA_DOUBLE_UNALIGNED, offset, out, 0, count);
            case F32 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = segment.get(ValueLayout.JAVA_FLOAT_UNALIGNED, offset + 4L * i);
                }
            }
            default -> throw unsupported(dtype);
        }
        return out;
    }

    /**
     * Writes {@code values} at {@code offset} (bytes), rounding to the nearest float for F32.
     *
     * @throws UnsupportedDTypeException for a dtype other than F32 or F64
     */
    public static void write(double[] values, MemorySegment segment, long offset, DType dtype) {
        switch (dtype) {
            case F64 -> MemorySegment.copy(values, 0, segment, ValueLayout.JAVA_DOUBLE_UNALIGNED, offset, values.length);
            case F32 -> {
                for (int i = 0; i < values.length; i++) {
                    segment.set(ValueLayout.JAVA_FLOAT_UNALIGNED, offset + 4L * i, (float) values[i]);
                }
            }
            default -> throw unsupported(dtype);
        }
    }

    private static UnsupportedDTypeException unsupported(DType dtype) {
        return new UnsupportedDTypeException("linear algebra supports F32 and F64 only, got " + dtype
                + "; convert the tensor first");
    }
}
