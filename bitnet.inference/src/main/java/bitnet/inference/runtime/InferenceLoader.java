package bitnet.inference.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.inference.InferenceException;
import bitnet.api.inference.LoadOptions;
import bitnet.api.inference.Model;
import bitnet.api.inference.ModelInfo;
import bitnet.api.inference.ModelLoader;
import bitnet.api.model.Checkpoint;
import bitnet.api.model.CheckpointLoader;
import bitnet.api.model.ModelConfig;
import bitnet.api.model.TokenizerSource;
import bitnet.api.ops.TensorOps;
import bitnet.api.precision.ComponentSpec;
import bitnet.api.precision.ComponentType;
import bitnet.api.precision.LayerDescriptor;
import bitnet.api.precision.LayerSpec;
import bitnet.api.precision.LayerType;
import bitnet.api.precision.PlanEntry;
import bitnet.api.precision.Precision;
import bitnet.api.precision.PrecisionException;
import bitnet.api.precision.PrecisionManager;
import bitnet.api.precision.PrecisionPlan;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;
import bitnet.api.tokenizer.Tokenizer;
import bitnet.api.tokenizer.TokenizerException;
import bitnet.api.tokenizer.TokenizerFactory;

/**
 * The {@link ModelLoader} service: opens the checkpoint, loads its tokenizer, builds the LM head and the forward
 * pass over the platform's operations. The KV cache precision of each new session comes from the precision
 * manager's plan for the model's attention layers under the load's policy (with the pool's pressure at that moment).
 */
@Component(service = ModelLoader.class)
public final class InferenceLoader implements ModelLoader {
    private final CheckpointLoader checkpoints;
    private final TensorOps ops;
    private final TensorFactory factory;
    private final TokenizerFactory tokenizers;
    private final KvPlanner planner;
    private final List<Model> models = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Decides KV cache precisions under a named policy. */
    interface KvPlanner {
        /**
         * @param policy a policy's name, or null for the active one
         * @return the precision rule of new sessions under it
         * @throws InferenceException if there is no such policy
         */
        KvPrecision forPolicy(String policy);
    }

    /**
     * @param checkpoints opens model files
     * @param ops runs the forward pass
     * @param factory allocates KV caches
     * @param tokenizers loads tokenizers
     * @param precision decides the KV cache precision
     */
    @Activate
    public InferenceLoader(@Reference CheckpointLoader checkpoints, @Reference TensorOps ops,
            @Reference TensorFactory factory, @Reference TokenizerFactory tokenizers,
            @Reference PrecisionManager precision) {
        this(checkpoints, ops, factory, tokenizers, policy -> kvPrecision(precision, policy));
    }

    /**
     * For tests: a loader with its own KV precision rule.
     *
     * @param checkpoints opens model files
     * @param ops runs the forward pass
     * @param factory allocates KV caches
     * @param tokenizers loads tokenizers
     * @param planner decides the KV cache precision
     */
    InferenceLoader(CheckpointLoader checkpoints, TensorOps ops, TensorFactory factory, TokenizerFactory tokenizers,
            KvPlanner planner) {
        this.checkpoints = checkpoints;
        this.ops = ops;
        this.factory = factory;
        this.tokenizers = tokenizers;
        this.planner = planner;
    }

    @Override
    public Model load(Path path, LoadOptions options) {
        KvPrecision kv = planner.forPolicy(options.precisionPolicy());
        Checkpoint checkpoint = checkpoints.open(path, options.progress());
        LmHead head = null;
        try {
            Tokenizer tokenizer = tokenizer(checkpoint);
            Tensor stored = checkpoint.lmHead().orElse(checkpoint.embedding());
            head = options.lmHeadInt8() ? LmHead.int8(ops, factory, stored)
                    : LmHead.asStored(stored, checkpoint.lmHead().isEmpty());
            ModelConfig config = checkpoint.config();
            ModelInfo info = new ModelInfo(checkpoint.source(), checkpoint.format(), config,
                    checkpoint.storedTypes(), checkpoint.mappedBytes(), checkpoint.convertedBytes()
                            + (options.lmHeadInt8() ? head.bytes() : 0),
                    checkpoint.tokenizer().description(), checkpoint.chatTemplateSource(),
                    kv.resolve(config, config.contextLength()), head.description(), checkpoint.notes());
            LoadedModel model = new LoadedModel(checkpoint, tokenizer, new Transformer(ops, factory, checkpoint, head),
                    head, info, factory, kv, models::remove);
            models.add(model);
            return model;
        } catch (RuntimeException | Error e) {
            if (head != null) {
                head.close();
            }
            checkpoint.close();
            throw e;
        }
    }

    @Override
    public List<Model> loaded() {
        return List.copyOf(models);
    }

    /** Closes the models still open: their memory goes back to the pool and their files are unmapped. */
    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        for (Model m : List.copyOf(models)) {
            m.close();
        }
    }

    private Tokenizer tokenizer(Checkpoint checkpoint) {
        TokenizerSource source = checkpoint.tokenizer();
        try {
            return source.file() != null ? tokenizers.load(source.file()) : tokenizers.fromJson(source.json());
        } catch (TokenizerException e) {
            throw new InferenceException("cannot load the tokenizer of " + checkpoint.source() + " ("
                    + source.description() + "): " + e.getMessage());
        }
    }

    // The plan of the model's attention layers under the policy, with the pool's use and pressure of the moment.
    private static KvPrecision kvPrecision(PrecisionManager manager, String requested) {
        String policy = requested != null ? requested : manager.activePolicy();
        try {
            manager.policy(policy);
        } catch (PrecisionException e) {
            throw new InferenceException(e.getMessage());
        }
        return (config, capacity) -> {
            List<LayerSpec> layers = new ArrayList<>();
            for (int l = 0; l < config.layers(); l++) {
                layers.add(new LayerSpec(new LayerDescriptor("layers." + l + ".self_attn", LayerType.ATTENTION, l),
                        List.of(ComponentSpec.of(ComponentType.KV_CACHE, 2L * capacity, config.kvWidth()))));
            }
            PrecisionPlan plan = manager.plan(policy, layers);
            Precision chosen = null;
            for (PlanEntry e : plan.entries()) {
                if (e.component().component() == ComponentType.KV_CACHE) {
                    if (chosen != null && chosen != e.precision()) {
                        throw new InferenceException("policy " + policy + " gives the KV caches of different layers "
                                + "different precisions (" + chosen + ", " + e.precision() + "); the runtime needs "
                                + "one");
                    }
                    chosen = e.precision();
                }
            }
            return chosen == null ? Precision.F32 : chosen;
        };
    }
}
