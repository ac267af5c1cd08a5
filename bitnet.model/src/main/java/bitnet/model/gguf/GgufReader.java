package bitnet.model.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import bitnet.api.model.ModelFormatException;
import bitnet.model.load.MappedFile;

/**
 * A little-endian cursor over a mapped GGUF file that checks every length against the bytes left before it reads
 * or allocates anything, so a corrupt count fails with a message instead of a huge allocation.
 */
final class GgufReader {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
    private static final ValueLayout.OfDouble LE_DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(LE);
    /** Arrays of arrays deeper than this are refused (recursion would otherwise follow the file). */
    static final int MAX_NESTING = 16;

    private final MappedFile file;
    private final MemorySegment bytes;
    private long pos;

    GgufReader(MappedFile file) {
        this.file = file;
        this.bytes = file.segment();
    }

    long position() {
        return pos;
    }

    long remaining() {
        return bytes.byteSize() - pos;
    }

    ModelFormatException fail(String detail) {
        return new ModelFormatException(file.path(), detail);
    }

    private void need(long n, String what) {
        if (n > remaining()) {
            throw fail(what + " at byte " + pos + " needs " + n + " bytes, but the file ends at byte "
                    + bytes.byteSize() + " (truncated?)");
        }
    }

    int u8(String what) {
        need(1, what);
        return bytes.get(ValueLayout.JAVA_BYTE, pos++) & 0xff;
    }

    long u32(String what) {
        need(4, what);
        long v = bytes.get(LE_INT, pos) & 0xffffffffL;
        pos += 4;
        return v;
    }

    long u64(String what) {
        need(8, what);
        long v = bytes.get(LE_LONG, pos);
        pos += 8;
        return v;
    }

    /**
     * @param what what the count counts, for messages
     * @param minBytes the fewest bytes one counted item takes
     * @return a u64 count that the rest of the file can hold
     */
    long count(String what, long minBytes) {
        long at = pos;
        long n = u64(what);
        if (n < 0 || n > remaining() / minBytes) {
            throw fail(what + " at byte " + at + " is " + Long.toUnsignedString(n) + ", but the remaining "
                    + remaining() + " bytes hold at most " + remaining() / minBytes + " (truncated or corrupt file)");
        }
        return n;
    }

    String string(String what) {
        long at = pos;
        long n = u64(what + " length");
        if (n < 0 || n > remaining() || n > Integer.MAX_VALUE - 8) {
            throw fail(what + ": a string of " + Long.toUnsignedString(n) + " bytes at byte " + at
                    + " runs past the end of the file (" + remaining() + " bytes left)");
        }
        byte[] b = bytes.asSlice(pos, n).toArray(ValueLayout.JAVA_BYTE);
        pos += n;
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Reads one metadata value.
     *
     * @param type its type
     * @param key the key, for messages
     * @param depth arrays around it
     * @return {@code String}, {@code Long}, {@code Double}, {@code Boolean} or an immutable {@code List<Object>}
     */
    Object value(GgufValueType type, String key, int depth) {
        String what = "the value of " + key;
        return switch (type) {
            case UINT8 -> (long) u8(what);
            case INT8 -> (long) (byte) u8(what);
            case UINT16 -> (long) (u16(what) & 0xffff);
            case INT16 -> (long) u16(what);
            case UINT32 -> u32(what);
            case INT32 -> (long) (int) u32(what);
            case UINT64, INT64 -> u64(what);
            case FLOAT32 -> {
                need(4, what);
                float f = bytes.get(LE_FLOAT, pos);
                pos += 4;
                yield (double) f;
            }
            case FLOAT64 -> {
                need(8, what);
                double d = bytes.get(LE_DOUBLE, pos);
                pos += 8;
                yield d;
            }
            case BOOL -> {
                long at = pos;
                int b = u8(what);
                if (b > 1) {
                    throw fail(what + ": a bool must be 0 or 1, byte " + at + " holds " + b);
                }
                yield b == 1;
            }
            case STRING -> string(what);
            case ARRAY -> array(key, depth);
        };
    }

    private short u16(String what) {
        need(2, what);
        short v = bytes.get(LE_SHORT, pos);
        pos += 2;
        return v;
    }

    private List<Object> array(String key, int depth) {
        if (depth >= MAX_NESTING) {
            throw fail("key " + key + ": arrays nested more than " + MAX_NESTING + " deep");
        }
        long typeAt = pos;
        long typeId = u32("the array element type of " + key);
        GgufValueType type = GgufValueType.of(typeId);
        if (type == null) {
            throw fail("key " + key + ": unknown array element type " + typeId + " at byte " + typeAt);
        }
        long n = count("the array length of " + key, type.minBytes);
        if (n > Integer.MAX_VALUE - 8) {
            throw fail("key " + key + ": an array of " + n + " elements is too long");
        }
        int size = (int) n;
        Object primitive = switch (type) {
            case UINT8, INT8, BOOL -> new byte[size];
            case UINT16, INT16 -> new short[size];
            case UINT32, INT32 -> new int[size];
            case FLOAT32 -> new float[size];
            case UINT64, INT64 -> new long[size];
            case FLOAT64 -> new double[size];
            case STRING, ARRAY -> null;
        };
        if (primitive == null) {
            List<Object> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(type == GgufValueType.STRING ? string("element " + i + " of " + key) : array(key, depth + 1));
            }
            return Collections.unmodifiableList(out);
        }
        long byteCount = (long) size * type.minBytes;
        MemorySegment src = bytes.asSlice(pos, byteCount);
        switch (type) {
            case UINT8, INT8 -> MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, (byte[]) primitive, 0, size);
            case BOOL -> {
                MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, (byte[]) primitive, 0, size);
                for (int i = 0; i < size; i++) {
                    if ((((byte[]) primitive)[i] & 0xff) > 1) {
                        throw fail("key " + key + ": element " + i + " is a bool but holds "
                                + (((byte[]) primitive)[i] & 0xff));
                    }
                }
            }
            case UINT16, INT16 -> MemorySegment.copy(src, LE_SHORT, 0, (short[]) primitive, 0, size);
            case UINT32, INT32 -> MemorySegment.copy(src, LE_INT, 0, (int[]) primitive, 0, size);
            case FLOAT32 -> MemorySegment.copy(src, LE_FLOAT, 0, (float[]) primitive, 0, size);
            case UINT64, INT64 -> MemorySegment.copy(src, LE_LONG, 0, (long[]) primitive, 0, size);
            case FLOAT64 -> MemorySegment.copy(src, LE_DOUBLE, 0, (double[]) primitive, 0, size);
            default -> throw new IllegalStateException(type.name());
        }
        pos += byteCount;
        return new NumberList(type, primitive, size);
    }

    /** Moves to the next multiple of {@code alignment}. */
    void align(long alignment) {
        pos = (pos + alignment - 1) / alignment * alignment;
    }
}
