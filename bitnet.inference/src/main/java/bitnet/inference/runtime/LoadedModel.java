package bitnet.inference.runtime;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import bitnet.api.inference.BatchScheduler;
import bitnet.api.inference.ChatMessage;
import bitnet.api.inference.InferenceException;
import bitnet.api.inference.Model;
import bitnet.api.inference.SchedulerOptions;
import bitnet.api.inference.ModelInfo;
import bitnet.api.inference.Session;
import bitnet.api.model.Checkpoint;
import bitnet.api.model.ModelConfig;
import bitnet.api.precision.Precision;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.TensorFactory;
import bitnet.api.tokenizer.Tokenizer;
import bitnet.inference.chat.ChatTemplate;
import bitnet.inference.chat.LeadingBos;

/**
 * A loaded model: the checkpoint's weights behind a {@link Transformer}, the tokenizer, the chat template and the
 * begin-of-text policy (exactly one BOS first when the model has one). Thread-safe; sessions are not shared.
 */
final class LoadedModel implements Model {
    private final Checkpoint checkpoint;
    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private final Transformer transformer;
    private final LmHead head;
    private final ModelInfo info;
    private final TensorFactory factory;
    private final KvPrecision kvPrecision;
    private final Set<ModelSession> sessions = ConcurrentHashMap.newKeySet();
    private final Set<BatchEngine> schedulers = ConcurrentHashMap.newKeySet();
    private final java.util.function.Consumer<LoadedModel> onClose;
    private volatile boolean closed;

    LoadedModel(Checkpoint checkpoint, Tokenizer tokenizer, Transformer transformer, LmHead head, ModelInfo info,
            TensorFactory factory, KvPrecision kvPrecision, java.util.function.Consumer<LoadedModel> onClose) {
        this.onClose = onClose;
        this.checkpoint = checkpoint;
        this.tokenizer = tokenizer;
        this.template = checkpoint.chatTemplate().map(ChatTemplate::new).orElse(null);
        this.transformer = transformer;
        this.head = head;
        this.info = info;
        this.factory = factory;
        this.kvPrecision = kvPrecision;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    Transformer transformer() {
        return transformer;
    }

    @Override
    public int[] encodePrompt(String text) {
        return withBos(tokenizer.encode(text, true).ids());
    }

    @Override
    public int[] encodeChat(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return withBos(tokenizer.encode(renderChat(messages, addGenerationPrompt), true).ids());
    }

    @Override
    public String renderChat(List<ChatMessage> messages, boolean addGenerationPrompt) {
        if (template == null) {
            throw new InferenceException(checkpoint.source() + " has no chat template (tokenizer_config.json's "
                    + "chat_template or the GGUF's tokenizer.chat_template); use generate with a plain prompt");
        }
        String bos = checkpoint.bosTokenId().stream().mapToObj(tokenizer::idToToken).findFirst().orElse("");
        String eos = checkpoint.eosToken().orElse("");
        return template.render(messages, addGenerationPrompt, bos, eos);
    }

    private int[] withBos(int[] ids) {
        if (checkpoint.bosTokenId().isEmpty()) {
            return ids;
        }
        int bos = checkpoint.bosTokenId().getAsInt();
        if (checkpoint.addBosToken() && (ids.length == 0 || ids[0] != bos)) {
            int[] with = new int[ids.length + 1];
            with[0] = bos;
            System.arraycopy(ids, 0, with, 1, ids.length);
            ids = with;
        }
        return LeadingBos.single(ids, bos);
    }

    @Override
    public Set<Integer> stopTokenIds() {
        return checkpoint.stopTokenIds();
    }

    ModelConfig configuration() {
        return checkpoint.config();
    }

    void checkIds(int[] ids) {
        int vocab = checkpoint.config().vocabSize();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new InferenceException("token id " + ids[i] + " at " + i + " is outside the vocabulary [0, "
                        + vocab + ")");
            }
        }
    }

    @Override
    public Session newSession(int capacity) {
        return newSession(capacity, kvPrecision.resolve(checkpoint.config(), capacity));
    }

    @Override
    public Session newSession(int capacity, Precision p) {
        if (closed) {
            throw new InferenceException("the model " + checkpoint.source() + " is closed");
        }
        int context = checkpoint.config().contextLength();
        if (capacity < 1 || capacity > context) {
            throw new InferenceException("a session holds 1 to " + context + " positions (the model's context), not "
                    + capacity);
        }
        DType dtype = switch (p) {
            case F32 -> DType.F32;
            case F16 -> DType.F16;
            default -> throw new InferenceException("the precision plan puts the KV cache in " + p
                    + ", which the runtime does not support yet (F32 and F16 are); choose a policy that keeps the "
                    + "KV cache in F16 or F32 (bitnet:precision-plan shows each policy's choice)");
        };
        ModelSession s = new ModelSession(this, new KvCache(factory, checkpoint.config(), capacity, dtype));
        sessions.add(s);
        return s;
    }

    void sessionClosed(ModelSession s) {
        sessions.remove(s);
    }

    @Override
    public BatchScheduler scheduler(SchedulerOptions options) {
        if (closed) {
            throw new InferenceException("the model " + checkpoint.source() + " is closed");
        }
        BatchEngine engine = new BatchEngine(this, options);
        schedulers.add(engine);
        return engine;
    }

    void schedulerClosed(BatchEngine engine) {
        schedulers.remove(engine);
    }

    /** @return the precision plan's KV cache precision for a new cache now (with the pool's current pressure) */
    Precision kvPrecisionNow(int capacity) {
        return kvPrecision.resolve(checkpoint.config(), capacity);
    }

    TensorFactory factory() {
        return factory;
    }

    @Override
    public long kvCacheBytes() {
        return sessions.stream().mapToLong(ModelSession::cacheBytes).sum()
                + schedulers.stream().mapToLong(e -> e.stats().kvCacheBytes()).sum();
    }

    /** @return the LM head's description */
    Optional<String> lmHead() {
        return Optional.of(head.description());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (BatchEngine e : List.copyOf(schedulers)) {
            e.close();
        }
        for (ModelSession s : List.copyOf(sessions)) {
            s.close();
        }
        head.close();
        checkpoint.close();
        onClose.accept(this);
    }
}
