package bitnet.numpy;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;

import bitnet.api.io.Bf16Encoding;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/** Writes a tensor as a version 1.0 (or 2.0) {@code .npy} array: C order, little endian. */
final class NpyWriter {
    /** A ByteBuffer view holds at most 2 GiB; a large tensor is written in slices. */
    private static final long DIRECT_SLICE = 1L << 30;

    private NpyWriter() {
    }

    /**
     * @param out the stream; not closed
     * @param tensor any layout; not closed
     * @param bf16 how BF16 is encoded
     */
    static void write(OutputStream out, Tensor tensor, Bf16Encoding bf16) throws IOException {
        String descr = NpyDType.descrFor(tensor.dtype(), bf16);
        try (Tensor c = storable(tensor, bf16)) {
            out.write(NpyHeaders.encode(descr, c.shape()));
            DType dtype = c.dtype();
            long from = dtype.byteSize(c.offset());
            NpyData.write(out, c.segment().asSlice(from, dtype.byteSize(c.size())), dtype.bitsPerElement() / 8);
        }
    }

    /**
     * Writes to a file channel. When the file's byte order is the machine's, the tensor memory is handed to the
     * channel as it is, without a copy through the heap.
     *
     * @param channel the channel, at the position to write; not closed
     * @param tensor any layout; not closed
     * @param bf16 how BF16 is encoded
     */
    static void write(FileChannel channel, Tensor tensor, Bf16Encoding bf16) throws IOException {
        String descr = NpyDType.descrFor(tensor.dtype(), bf16);
        try (Tensor c = storable(tensor, bf16)) {
            writeFully(channel, ByteBuffer.wrap(NpyHeaders.encode(descr, c.shape())));
            DType dtype = c.dtype();
            int itemSize = dtype.bitsPerElement() / 8;
            MemorySegment data = c.segment().asSlice(dtype.byteSize(c.offset()), dtype.byteSize(c.size()));
            if (itemSize == 1 || ByteOrder.nativeOrder().equals(ByteOrder.LITTLE_ENDIAN)) {
                for (long done = 0; done < data.byteSize(); done += DIRECT_SLICE) {
                    long n = Math.min(DIRECT_SLICE, data.byteSize() - done);
                    writeFully(channel, data.asSlice(done, n).asByteBuffer());
                }
            } else {
                // Not closed: that would close the caller's channel.
                NpyData.write(Channels.newOutputStream(channel), data, itemSize);
            }
        }
    }

    /** The tensor as the file stores it: BF16 widened unless written raw, sub-byte values as int8, row-major. */
    private static Tensor storable(Tensor tensor, Bf16Encoding bf16) {
        DType dtype = tensor.dtype();
        if (dtype == DType.BF16 && bf16 != Bf16Encoding.RAW_V2) {
            return tensor.to(DType.F32);
        }
        return dtype.bitsPerElement() < 8 ? tensor.to(DType.I8) : tensor.contiguous();
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
