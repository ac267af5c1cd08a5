package bitnet.tokenizer.model;

import java.util.Arrays;

/**
 * The merge loop of BPE for one word: symbols in a linked list, candidate merges in a binary heap ordered by rank,
 * then position (lowest first), stale entries skipped when popped. Scratch state for one word at a time.
 */
final class BpeWord {
    int[] ids = new int[64];
    int[] starts = new int[64];
    int[] ends = new int[64];
    private int[] prev = new int[64];
    private int[] next = new int[64];
    private boolean[] dead = new boolean[64];
    private long[] heap = new long[64];
    private int[] heapMerged = new int[64];
    int size;
    private int heapSize;

    void clear() {
        size = 0;
    }

    void add(int id, int start, int end) {
        if (size == ids.length) {
            int cap = size * 2;
            ids = Arrays.copyOf(ids, cap);
            starts = Arrays.copyOf(starts, cap);
            ends = Arrays.copyOf(ends, cap);
            prev = Arrays.copyOf(prev, cap);
            next = Arrays.copyOf(next, cap);
            dead = Arrays.copyOf(dead, cap);
        }
        ids[size] = id;
        starts[size] = start;
        ends[size] = end;
        size++;
    }

    /** Merges until no pair is in the table, then compacts the surviving symbols to the front. */
    void mergeAll(MergeTable merges) {
        int n = size;
        if (n < 2) {
            return;
        }
        heapSize = 0;
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            dead[i] = false;
        }
        for (int i = 0; i + 1 < n; i++) {
            int slot = merges.find(ids[i], ids[i + 1]);
            if (slot >= 0) {
                push(merges.rank(slot), i, merges.merged(slot));
            }
        }
        while (heapSize > 0) {
            long top = heap[0];
            int mergedId = heapMerged[0];
            pop();
            int pos = (int) top;
            if (dead[pos] || next[pos] < 0) {
                continue;
            }
            int right = next[pos];
            int slot = merges.find(ids[pos], ids[right]);
            if (slot < 0 || merges.merged(slot) != mergedId) {
                continue;
            }
            ids[pos] = mergedId;
            ends[pos] = ends[right];
            dead[right] = true;
            int after = next[right];
            next[pos] = after;
            if (after >= 0) {
                prev[after] = pos;
            }
            int before = prev[pos];
            if (before >= 0) {
                int s = merges.find(ids[before], ids[pos]);
                if (s >= 0) {
                    push(merges.rank(s), before, merges.merged(s));
                }
            }
            if (after >= 0) {
                int s = merges.find(ids[pos], ids[after]);
                if (s >= 0) {
                    push(merges.rank(s), pos, merges.merged(s));
                }
            }
        }
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (!dead[i]) {
                ids[w] = ids[i];
                starts[w] = starts[i];
                ends[w] = ends[i];
                w++;
            }
        }
        size = w;
    }

    private void push(int rank, int pos, int mergedId) {
        if (heapSize == heap.length) {
            heap = Arrays.copyOf(heap, heapSize * 2);
            heapMerged = Arrays.copyOf(heapMerged, heapSize * 2);
        }
        long key = ((long) rank << 32) | pos;
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= key) {
                break;
            }
            heap[i] = heap[parent];
            heapMerged[i] = heapMerged[parent];
            i = parent;
        }
        heap[i] = key;
        heapMerged[i] = mergedId;
    }

    private void pop() {
        int last = --heapSize;
        if (last == 0) {
            return;
        }
        long key = heap[last];
        int m = heapMerged[last];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) {
                break;
            }
            if (child + 1 < last && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[child] >= key) {
                break;
            }
            heap[i] = heap[child];
            heapMerged[i] = heapMerged[child];
            i = child;
        }
        heap[i] = key;
        heapMerged[i] = m;
    }
}
