package bitnet.model.load;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import bitnet.api.model.Checkpoint;
import bitnet.api.model.LayerWeights;
import bitnet.api.model.ModelConfig;
import bitnet.api.model.TokenizerSource;
import bitnet.api.tensor.Tensor;

/** An opened checkpoint: immutable once built, so thread-safe for reading; {@link #close()} frees it once. */
final class LoadedCheckpoint implements Checkpoint {
    private final Path source;
    private final String format;
    private final ModelConfig config;
    private final Tensor embedding;
    private final Tensor finalNorm;
    private final Tensor lmHead;
    private final List<LayerWeights> layers;
    private final CheckpointFacts facts;
    private final Map<String, Integer> storedTypes;
    private final long mappedBytes;
    private final long convertedBytes;
    private final List<String> notes;
    private final AtomicBoolean closed = new AtomicBoolean();

    LoadedCheckpoint(Path source, String format, ModelConfig config, Tensor embedding, Tensor finalNorm, Tensor lmHead,
            List<LayerWeights> layers, CheckpointFacts facts, Map<String, Integer> storedTypes, long mappedBytes,
            long convertedBytes, List<String> notes) {
        this.source = source;
        this.format = format;
        this.config = config;
        this.embedding = embedding;
        this.finalNorm = finalNorm;
        this.lmHead = lmHead;
        this.layers = List.copyOf(layers);
        this.facts = facts;
        this.storedTypes = Collections.unmodifiableMap(new TreeMap<>(storedTypes));
        this.mappedBytes = mappedBytes;
        this.convertedBytes = convertedBytes;
        this.notes = List.copyOf(notes);
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Tensor embedding() {
        return embedding;
    }

    @Override
    public Tensor finalNorm() {
        return finalNorm;
    }

    @Override
    public Optional<Tensor> lmHead() {
        return Optional.ofNullable(lmHead);
    }

    @Override
    public List<LayerWeights> layers() {
        return layers;
    }

    @Override
    public TokenizerSource tokenizer() {
        return facts.tokenizer();
    }

    @Override
    public Optional<String> chatTemplate() {
        return Optional.ofNullable(facts.chatTemplate());
    }

    @Override
    public String chatTemplateSource() {
        return facts.chatTemplate() == null ? "none" : facts.chatTemplateSource();
    }

    @Override
    public OptionalInt bosTokenId() {
        return facts.bosTokenId() == null ? OptionalInt.empty() : OptionalInt.of(facts.bosTokenId());
    }

    @Override
    public boolean addBosToken() {
        return facts.addBosToken();
    }

    @Override
    public Optional<String> eosToken() {
        return Optional.ofNullable(facts.eosToken());
    }

    @Override
    public Set<Integer> stopTokenIds() {
        return facts.stopTokenIds();
    }

    @Override
    public Map<String, Integer> storedTypes() {
        return storedTypes;
    }

    @Override
    public long mappedBytes() {
        return mappedBytes;
    }

    @Override
    public long convertedBytes() {
        return convertedBytes;
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            layers.forEach(LayerWeights::close);
            finalNorm.close();
            embedding.close();
            if (lmHead != null) {
                lmHead.close();
            }
        }
    }

    @Override
    public String toString() {
        return format + " checkpoint " + source + " (" + config.architecture() + ", " + config.layers() + " layers)";
    }
}
