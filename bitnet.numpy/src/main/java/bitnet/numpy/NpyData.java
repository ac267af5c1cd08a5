package bitnet.numpy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Moves array data between files and tensor memory in bulk. Tensor memory is in native byte order; file data is
 * in the order its header declares. {@link MemorySegment#copy(MemorySegment, ValueLayout, long, MemorySegment,
 * ValueLayout, long, long)} swaps bytes when the two layouts' orders differ, so one bulk call per chunk does both
 * the copy and any byte swap. Integer layouts are used for every dtype so that NaN payloads pass unchanged.
 */
final class NpyData {
    /** A multiple of every element size (1, 2, 4, 8), so that no element straddles two chunks. */
    static final int CHUNK = 1 << 16;

    private NpyData() {
    }

    /**
     * Copies {@code bytes} bytes of file data into tensor memory.
     *
     * @param src file data, in {@code order}
     * @param dst tensor memory, native order, at least {@code bytes} long from offset 0
     * @param bytes byte count, a multiple of {@code itemSize}
     * @param itemSize element size in bytes: 1, 2, 4 or 8
     * @param order byte order of {@code src}
     */
    static void copy(MemorySegment src, MemorySegment dst, long bytes, int itemSize, ByteOrder order) {
        copy(src, 0, order, dst, 0, ByteOrder.nativeOrder(), bytes, itemSize);
    }

    private static void copy(MemorySegment src, long srcOffset, ByteOrder srcOrder, MemorySegment dst,
            long dstOffset, ByteOrder dstOrder, long bytes, int itemSize) {
        if (itemSize == 1 || srcOrder.equals(dstOrder)) {
            MemorySegment.copy(src, srcOffset, dst, dstOffset, bytes);
            return;
        }
        ValueLayout layout = switch (itemSize) {
            case 2 -> ValueLayout.JAVA_SHORT_UNALIGNED;
            case 4 -> ValueLayout.JAVA_INT_UNALIGNED;
            case 8 -> ValueLayout.JAVA_LONG_UNALIGNED;
            default -> throw new IllegalArgumentException("element size " + itemSize);
        };
        MemorySegment.copy(src, layout.withOrder(srcOrder), srcOffset, dst, layout.withOrder(dstOrder), dstOffset,
                bytes / itemSize);
    }

    /**
     * Reads {@code bytes} bytes from a stream into tensor memory.
     *
     * @param in the stream, at the first data byte
     * @param dst tensor memory, native order
     * @param bytes byte count, a multiple of {@code itemSize}
     * @param itemSize element size in bytes
     * @param order byte order of the stream's data
     * @return the bytes actually read: {@code bytes}, or fewer if the stream ended early
     * @throws IOException if reading fails
     */
    static long read(InputStream in, MemorySegment dst, long bytes, int itemSize, ByteOrder order)
            throws IOException {
        byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(bytes, 1))];
        MemorySegment heap = MemorySegment.ofArray(buffer);
        long done = 0;
        while (done < bytes) {
            int want = (int) Math.min(buffer.length, bytes - done);
            int got = in.readNBytes(buffer, 0, want);
            // A partial element at the end is dropped: the caller reports the shortfall.
            int whole = got - got % itemSize;
            copy(heap, 0, order, dst, done, ByteOrder.nativeOrder(), whole, itemSize);
            done += got;
            if (got < want) {
                break;
            }
        }
        return done;
    }

    /**
     * Writes tensor memory to a stream as little-endian data.
     *
     * @param out the stream
     * @param src tensor memory, native order, exactly the bytes to write
     * @param itemSize element size in bytes
     * @throws IOException if writing fails
     */
    static void write(OutputStream out, MemorySegment src, int itemSize) throws IOException {
        long bytes = src.byteSize();
        byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(bytes, 1))];
        MemorySegment heap = MemorySegment.ofArray(buffer);
        for (long done = 0; done < bytes; done += buffer.length) {
            int n = (int) Math.min(buffer.length, bytes - done);
            copy(src, done, ByteOrder.nativeOrder(), heap, 0, ByteOrder.LITTLE_ENDIAN, n, itemSize);
            out.write(buffer, 0, n);
        }
    }
}
