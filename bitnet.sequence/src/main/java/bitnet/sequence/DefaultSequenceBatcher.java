package bitnet.sequence;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.sequence.LengthStats;
import bitnet.api.sequence.SequenceBatch;
import bitnet.api.sequence.SequenceBatcher;
import bitnet.api.sequence.SequenceException;
import bitnet.api.sequence.SequenceOptions;
import bitnet.api.sequence.SequenceStatistics;
import bitnet.api.sequence.TruncationMode;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;
import bitnet.api.tokenizer.Encoding;

/** Batches token sequences into pooled tensors. Stateless apart from the factory. */
@Component(service = SequenceBatcher.class)
public final class DefaultSequenceBatcher implements SequenceBatcher {
    private final TensorFactory factory;

    /** @param factory allocates the batch tensors */
    @Activate
    public DefaultSequenceBatcher(@Reference TensorFactory factory) {
        this.factory = factory;
    }

    @Override
    public SequenceBatch batch(List<int[]> sequences, SequenceOptions o) {
        List<Row> rows = new ArrayList<>(sequences.size());
        for (int i = 0; i < sequences.size(); i++) {
            int[] ids = sequences.get(i);
            rows.add(Row.of(ids, Windows.single(ids.length, o.specialsStart(), o.specialsEnd(), o.truncation(),
                    o.maxLength(), i)));
        }
        return BatchWriter.write(rows, o, factory);
    }

    @Override
    public SequenceBatch batchEncodings(List<Encoding> encodings, SequenceOptions o) {
        List<Row> rows = new ArrayList<>(encodings.size());
        for (int i = 0; i < encodings.size(); i++) {
            Encoding e = encodings.get(i);
            int[] special = e.specialTokensMask();
            int n = e.length();
            int head = 0;
            while (head < n && special[head] != 0) {
                head++;
            }
            int tail = 0;
            while (tail < n - head && special[n - 1 - tail] != 0) {
                tail++;
            }
            rows.add(Row.of(e.ids(), Windows.single(n, head, tail, o.truncation(), o.maxLength(), i)));
        }
        return BatchWriter.write(rows, o, factory);
    }

    @Override
    public SequenceBatch batchPairs(List<int[]> first, List<int[]> second, SequenceOptions o) {
        if (first.size() != second.size()) {
            throw new SequenceException("pairs need as many second parts as first parts: " + first.size() + " vs "
                    + second.size());
        }
        List<Row> rows = new ArrayList<>(first.size());
        for (int i = 0; i < first.size(); i++) {
            int[] a = first.get(i);
            int[] b = second.get(i);
            int n = a.length + b.length;
            int[] windows;
            if (o.truncation() == TruncationMode.LONGEST_FIRST && o.maxLength() > 0) {
                int[] keep = Windows.longestFirst(a.length, b.length, o.maxLength());
                windows = new int[] {0, keep[0], a.length, a.length + keep[1]};
            } else {
                windows = Windows.single(n, o.specialsStart(), o.specialsEnd(), o.truncation(), o.maxLength(), i);
            }
            int kept = Windows.kept(windows);
            rows.add(new Row(a, b, windows, kept, n - kept));
        }
        return BatchWriter.write(rows, o, factory);
    }

    @Override
    public Tensor causalMask(SequenceBatch batch) {
        int length = batch.length();
        Tensor mask = factory.zeros(DType.I8, batch.size(), length, length);
        MemorySegment seg = mask.segment();
        for (int b = 0; b < batch.size(); b++) {
            int start = batch.start(b);
            int last = start + batch.lengths()[b] - 1;
            for (int i = 0; i < length; i++) {
                int hi = Math.min(i, last);
                if (hi >= start) {
                    seg.asSlice(((long) b * length + i) * length + start, hi - start + 1).fill((byte) 1);
                }
            }
        }
        return mask;
    }

    @Override
    public LengthStats stats(SequenceBatch batch, int bucketWidth) {
        Histogram h = new Histogram(bucketWidth);
        h.add(batch);
        return h.snapshot();
    }

    @Override
    public SequenceStatistics newStatistics(int bucketWidth) {
        return new Histogram(bucketWidth);
    }
}
