package bitnet.numpy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import bitnet.api.io.NpyFormatException;
import bitnet.api.io.NpyHeader;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/**
 * Reads {@code .npy} arrays into contiguous C-order tensors from the factory. Fortran-order data is staged and
 * then rearranged. Every path closes what it allocated when it fails.
 */
final class NpyReader {
    private final TensorFactory factory;

    NpyReader(TensorFactory factory) {
        this.factory = factory;
    }

    /** Fills tensor memory with an array's data in stored order. */
    @FunctionalInterface
    private interface Fill {
        void into(MemorySegment dst) throws IOException;
    }

    Tensor read(Path file) throws IOException {
        String name = String.valueOf(file.getFileName());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            // Not closed: closing the stream would close the channel we still map from.
            NpyHeader h = NpyHeaders.read(Channels.newInputStream(channel), name);
            long available = fileSize - h.headerBytes();
            if (available < h.dataBytes()) {
                throw truncated(h, available);
            }
            if (available > h.dataBytes()) {
                throw new NpyFormatException(name + ": " + (available - h.dataBytes())
                        + " bytes follow the array's " + h.dataBytes() + " data bytes; the file may hold several "
                        + "arrays saved one after another, read them in turn from a stream");
            }
            return allocateAndFill(h, dst -> {
                if (h.dataBytes() == 0) {
                    return;
                }
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, h.headerBytes(),
                            h.dataBytes(), arena);
                    NpyData.copy(mapped, dst, h.dataBytes(), itemSize(h), h.byteOrder());
                }
            });
        }
    }

    /**
     * @param in stream at the magic string; left just after the data
     * @param name name for messages
     * @param knownLength bytes the stream holds in all, or -1 if unknown; lets a truncated array be refused
     *        before memory is taken
     */
    Tensor read(InputStream in, String name, long knownLength) throws IOException {
        NpyHeader h = NpyHeaders.read(in, name);
        if (knownLength >= 0 && knownLength - h.headerBytes() < h.dataBytes()) {
            throw truncated(h, knownLength - h.headerBytes());
        }
        return allocateAndFill(h, dst -> {
            long got = NpyData.read(in, dst, h.dataBytes(), itemSize(h), h.byteOrder());
            if (got < h.dataBytes()) {
                throw truncated(h, got);
            }
        });
    }

    private Tensor allocateAndFill(NpyHeader h, Fill fill) throws IOException {
        long[] shape = h.shape();
        Tensor target = empty(h, shape);
        boolean handedOver = false;
        try {
            if (h.fortranOrder() && shape.length > 1) {
                // The stored bytes are staged in native order, then rearranged bit for bit into C order.
                try (Tensor staged = factory.empty(h.dtype(), h.size())) {
                    MemorySegment bytes = staged.segment().asSlice(0, h.dataBytes());
                    fill.into(bytes);
                    FortranOrder.toC(bytes, target.segment(), shape, itemSize(h));
                }
            } else {
                fill.into(target.segment().asSlice(0, h.dataBytes()));
            }
            handedOver = true;
            return target;
        } finally {
            if (!handedOver) {
                target.close();
            }
        }
    }

    /** A stream of unknown length cannot be checked first, so a shape past what a tensor holds fails here. */
    private Tensor empty(NpyHeader h, long[] shape) {
        try {
            return factory.empty(h.dtype(), shape);
        } catch (IllegalArgumentException e) {
            throw new NpyFormatException(h.name() + ": header declares shape " + h.shapeString() + " = "
                    + h.dataBytes() + " bytes, more than one tensor can hold (" + e.getMessage() + ")", e);
        }
    }

    private static int itemSize(NpyHeader h) {
        return h.dtype().bitsPerElement() / 8;
    }

    static NpyFormatException truncated(NpyHeader h, long available) {
        String typeName = NpyDType.parse(h.descr(), h.name()).numpyName();
        return new NpyFormatException(h.name() + ": header declares shape " + h.shapeString() + " = " + h.size()
                + " " + typeName + " values = " + h.dataBytes() + " bytes but only " + Math.max(0, available)
                + " bytes follow");
    }
}
