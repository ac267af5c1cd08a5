package bitnet.model.gguf;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An immutable GGUF array of numbers or booleans kept in a primitive array (as many bytes as the file spends on
 * it), boxed one element at a time on {@link #get}: integers as {@link Long}, floats as {@link Double}, booleans as
 * {@link Boolean}, as {@link GgufTokenizerJson#build} expects.
 */
final class NumberList extends AbstractList<Object> implements RandomAccess {
    private final GgufValueType type;
    private final Object values;
    private final int size;

    /**
     * @param type the element type (a number or bool type)
     * @param values a {@code byte[]}, {@code short[]}, {@code int[]}, {@code long[]}, {@code float[]} or
     *     {@code double[]} matching the type's width
     * @param size elements
     */
    NumberList(GgufValueType type, Object values, int size) {
        this.type = type;
        this.values = values;
        this.size = size;
    }

    @Override
    public Object get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index + " of " + size);
        }
        return switch (type) {
            case UINT8 -> (long) (((byte[]) values)[index] & 0xff);
            case INT8 -> (long) ((byte[]) values)[index];
            case BOOL -> ((byte[]) values)[index] != 0;
            case UINT16 -> (long) (((short[]) values)[index] & 0xffff);
            case INT16 -> (long) ((short[]) values)[index];
            case UINT32 -> ((int[]) values)[index] & 0xffffffffL;
            case INT32 -> (long) ((int[]) values)[index];
            case UINT64, INT64 -> ((long[]) values)[index];
            case FLOAT32 -> (double) ((float[]) values)[index];
            case FLOAT64 -> ((double[]) values)[index];
            case STRING, ARRAY -> throw new IllegalStateException("not a number type: " + type);
        };
    }

    @Override
    public int size() {
        return size;
    }
}
