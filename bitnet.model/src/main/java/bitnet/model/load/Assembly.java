package bitnet.model.load;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import bitnet.api.model.Checkpoint;
import bitnet.api.model.LayerWeights;
import bitnet.api.model.LoadProgress;
import bitnet.api.model.ModelConfig;
import bitnet.api.model.TernaryLinear;
import bitnet.api.tensor.Tensor;

/**
 * Collects the pieces of one load: every tensor made so far (closed again if the load fails), the counts a
 * {@link Checkpoint} reports, notes for people, and progress. Not thread-safe: one load, one thread.
 */
public final class Assembly implements AutoCloseable {
    private static final int NAMES_SHOWN = 6;

    private final LoadProgress progress;
    private final int total;
    private int done;
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private final Map<String, Integer> storedTypes = new TreeMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, List<String>> tensorNotes = new LinkedHashMap<>();
    private long mappedBytes;
    private long convertedBytes;
    private boolean built;

    /**
     * @param progress told after each tensor
     * @param total tensors this load will produce
     */
    public Assembly(LoadProgress progress, int total) {
        this.progress = progress;
        this.total = total;
    }

    /** @param type one more stored tensor of this type in the files */
    public void countStored(StoredType type) {
        storedTypes.merge(type.name(), 1, Integer::sum);
    }

    /** @param note a sentence for people about what the load changed or assumed */
    public void note(String note) {
        notes.add(note);
    }

    /**
     * Adds a tensor to a note shared by many tensors, shown as one line.
     *
     * @param what what happened to them
     * @param tensor the tensor's name
     */
    void noteTensor(String what, String tensor) {
        tensorNotes.computeIfAbsent(what, k -> new ArrayList<>()).add(tensor);
    }

    /** Takes ownership of a zero-copy tensor over a mapped file. */
    Tensor ownMapped(Tensor t) {
        owned.push(t);
        mappedBytes += t.segment().byteSize();
        return t;
    }

    /** Takes ownership of a tensor converted into pool memory. */
    Tensor ownConverted(Tensor t) {
        owned.push(t);
        convertedBytes += t.segment().byteSize();
        return t;
    }

    /** Takes ownership of a converted projection. */
    TernaryLinear ownConverted(TernaryLinear linear) {
        owned.push(linear);
        convertedBytes += linear.weights().segment().byteSize() + linear.scale().segment().byteSize();
        return linear;
    }

    /** @param what the tensor just finished */
    void loaded(String what) {
        progress.loaded(++done, total, what);
    }

    /**
     * Hands every owned tensor to a new checkpoint; from now on {@link #close()} does nothing.
     *
     * @return the checkpoint, owned by the caller
     */
    public Checkpoint build(Path source, String format, ModelConfig config, Tensor embedding, Tensor finalNorm,
            Tensor lmHead, List<LayerWeights> layers, CheckpointFacts facts) {
        List<String> all = new ArrayList<>(notes);
        tensorNotes.forEach((what, names) -> all.add(what + ": " + names.size() + " tensor"
                + (names.size() == 1 ? "" : "s") + " (" + abbreviate(names) + ")"));
        LoadedCheckpoint checkpoint = new LoadedCheckpoint(source, format, config, embedding, finalNorm, lmHead,
                layers, facts, storedTypes, mappedBytes, convertedBytes, all);
        built = true;
        return checkpoint;
    }

    private static String abbreviate(List<String> names) {
        if (names.size() <= NAMES_SHOWN) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, NAMES_SHOWN)) + ", and " + (names.size() - NAMES_SHOWN) + " more";
    }

    /** Closes everything made so far unless {@link #build} took it. */
    @Override
    public void close() {
        if (built) {
            return;
        }
        RuntimeException failure = null;
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
