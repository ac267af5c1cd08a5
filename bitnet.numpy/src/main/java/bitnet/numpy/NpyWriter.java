package bitnet.numpy;

import java.io.IOException;
import java.io.OutputStream;

import bitnet.api.io.Bf16Encoding;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/** Writes a tensor as a version 1.0 (or 2.0) {@code .npy} array: C order, little endian. */
final class NpyWriter {
    private NpyWriter() {
    }

    /**
     * @param out the stream; not closed
     * @param tensor any layout; not closed
     * @param bf16 how BF16 is encoded
     */
    static void write(OutputStream out, Tensor tensor, Bf16Encoding bf16) throws IOException {
        String descr = NpyDType.descrFor(tensor.dtype(), bf16);
        boolean widen = tensor.dtype() == DType.BF16 && bf16 != Bf16Encoding.RAW_V2;
        try (Tensor c = widen ? tensor.to(DType.F32) : tensor.contiguous()) {
            out.write(NpyHeaders.encode(descr, c.shape()));
            DType dtype = c.dtype();
            long from = dtype.byteSize(c.offset());
            NpyData.write(out, c.segment().asSlice(from, dtype.byteSize(c.size())), dtype.bitsPerElement() / 8);
        }
    }

    /** @return the exact byte count {@link #write} produces, without writing */
    static long size(Tensor tensor, Bf16Encoding bf16) {
        String descr = NpyDType.descrFor(tensor.dtype(), bf16);
        boolean widen = tensor.dtype() == DType.BF16 && bf16 != Bf16Encoding.RAW_V2;
        DType stored = widen ? DType.F32 : tensor.dtype();
        return NpyHeaders.encode(descr, tensor.shape()).length + stored.byteSize(tensor.size());
    }
}
