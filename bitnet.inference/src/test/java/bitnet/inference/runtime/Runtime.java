package bitnet.inference.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import bitnet.api.backend.ComputeBackend;
import bitnet.api.inference.LoadOptions;
import bitnet.api.inference.Model;
import bitnet.api.precision.Precision;
import bitnet.backend.cpu.CpuBackend;
import bitnet.backend.simd.SimdBackend;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.ops.DispatchingTensorOps;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.model.CheckpointLoaderComponent;
import bitnet.numpy.NpyTensorIO;
import bitnet.tokenizer.service.FileTokenizerFactory;

/**
 * The platform's services built with {@code new} for unit tests of the runtime: a pool, the pooled factory, a
 * dispatcher over the CPU reference (and, when asked, the SIMD backend ranked above it), the checkpoint loader and the
 * tokenizer factory. Closing it closes the pool.
 */
final class Runtime implements AutoCloseable {
    final HybridMemoryPool pool = HybridMemoryPool.withDefaults();
    final PooledTensorFactory factory = new PooledTensorFactory(pool);
    final DispatchingTensorOps ops;
    final NpyTensorIO io = new NpyTensorIO(factory);
    final InferenceLoader loader;
    private final SimdBackend simd;

    Runtime(boolean withSimd, Precision kv) {
        this(withSimd, (config, capacity) -> kv);
    }

    /** @param kv decides each new cache's precision, as the precision manager's plan does under pressure */
    Runtime(boolean withSimd, KvPrecision kv) {
        List<Registration> backends = new ArrayList<>();
        backends.add(new Registration(new CpuBackend(), 40, 1));
        simd = withSimd ? new SimdBackend(2) : null;
        if (simd != null) {
            backends.add(new Registration((ComputeBackend) simd, 60, 2));
        }
        ops = new DispatchingTensorOps(new RankedDispatcher(() -> backends), factory);
        loader = new InferenceLoader(new CheckpointLoaderComponent(factory), ops, factory, new FileTokenizerFactory(),
                policy -> kv);
    }

    /** @return the folder of the tiny test checkpoints ({@code bitnet.model/src/test/resources/tiny}) */
    static Path tiny() {
        return Path.of(System.getProperty("bitnet.tiny", "../bitnet.model/src/test/resources/tiny"));
    }

    Model load(String variant) {
        return loader.load(tiny().resolve(variant), LoadOptions.defaults());
    }

    @Override
    public void close() {
        pool.close();
    }
}
