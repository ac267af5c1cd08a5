package bitnet.sequence;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import bitnet.api.sequence.SequenceBatch;
import bitnet.api.sequence.SequenceException;
import bitnet.api.sequence.SequenceOptions;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;
import bitnet.api.tokenizer.Direction;

/** Chooses the padded length and writes ids, attention mask and position ids of truncated rows. */
final class BatchWriter {
    private BatchWriter() {
    }

    static SequenceBatch write(List<Row> rows, SequenceOptions o, TensorFactory factory) {
        int longest = 0;
        long dropped = 0;
        for (Row r : rows) {
            longest = Math.max(longest, r.length());
            dropped += r.dropped();
        }
        int length = paddedLength(longest, o);
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).length() > length) {
                throw new SequenceException("row " + i + " has " + rows.get(i).length() + " tokens, more than the "
                        + "padded length " + length + " (" + o.padTo() + "); truncate (maxLength <= " + length
                        + ") or pad to LONGEST");
            }
        }
        int b = rows.size();
        int[] lengths = new int[b];
        Tensor ids = factory.empty(DType.I32, b, length);
        Tensor mask = null;
        Tensor positions = null;
        try {
            mask = factory.zeros(DType.I32, b, length);
            positions = factory.zeros(DType.I32, b, length);
            MemorySegment idSeg = ids.segment();
            MemorySegment maskSeg = mask.segment();
            MemorySegment posSeg = positions.segment();
            for (int i = 0; i < b; i++) {
                Row r = rows.get(i);
                int n = r.length();
                lengths[i] = n;
                long rowStart = (long) i * length;
                long start = rowStart + (o.padSide() == Direction.LEFT ? length - n : 0);
                fill(idSeg, rowStart, start, o.padId());
                r.copyTo(idSeg, start);
                fill(idSeg, start + n, rowStart + length, o.padId());
                for (int k = 0; k < n; k++) {
                    maskSeg.set(ValueLayout.JAVA_INT_UNALIGNED, (start + k) * 4, 1);
                    posSeg.set(ValueLayout.JAVA_INT_UNALIGNED, (start + k) * 4, k);
                }
            }
            return new SequenceBatch(ids, mask, positions, lengths, length, o.padSide(), dropped);
        } catch (RuntimeException e) {
            ids.close();
            if (mask != null) {
                mask.close();
            }
            if (positions != null) {
                positions.close();
            }
            throw e;
        }
    }

    private static void fill(MemorySegment seg, long from, long to, int value) {
        for (long k = from; k < to; k++) {
            seg.set(ValueLayout.JAVA_INT_UNALIGNED, k * 4, value);
        }
    }

    static int paddedLength(int longest, SequenceOptions o) {
        return switch (o.padTo()) {
            case LONGEST -> longest;
            case FIXED -> o.padLength();
            case MAX_LENGTH -> o.maxLength();
            case MULTIPLE_OF -> Math.toIntExact(((long) longest + o.multipleOf() - 1) / o.multipleOf()
                    * o.multipleOf());
        };
    }
}
