package bitnet.model.load;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A tensor as a checkpoint file stores it, already checked to lie inside the file.
 *
 * @param file the mapped file holding it
 * @param name its name in the file
 * @param type how its bytes encode values
 * @param shape extents in PyTorch order (outermost first; GGUF's ggml order is reversed when read)
 * @param data exactly its bytes, a slice of the mapped file
 */
public record StoredTensor(MappedFile file, String name, StoredType type, long[] shape, MemorySegment data) {

    /** @return the shape as {@code [a, b]} */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    /** @return the number of values */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
