package bitnet.backend.mlx;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import bitnet.api.backend.Availability;
import bitnet.api.backend.BackendInfo;
import bitnet.api.backend.BackendUnavailableException;
import bitnet.api.backend.ComputeBackend;
import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Device;
import bitnet.backend.mlx.graph.MlxGraph;
import bitnet.backend.mlx.graph.MlxOpTable;
import bitnet.backend.natives.HostPlatform;
import bitnet.backend.natives.OsgiBundleFiles;
import bitnet.backend.support.CallGate;
import bitnet.backend.support.FiniteInput;

/**
 * The MLX backend (ranking 100): Apple's MLX through its C API, mlx-c, which the fragment
 * {@code bitnet.backend.mlx.macos.aarch64} carries. It always activates; without macOS on aarch64, the fragment's
 * libraries or a Metal device it reports unavailable with the reason and the dispatcher uses the next backend.
 * MLX manages its own device memory (it copies operands in with {@code mlx_array_new_data}), so this backend
 * registers no device memory provider.
 */
@Component(service = ComputeBackend.class, configurationPid = MlxBackend.PID,
        property = {"service.ranking:Integer=100", ComputeBackend.NAME_PROPERTY + "=mlx"})
@Designate(ocd = MlxBackend.Config.class)
public final class MlxBackend implements ComputeBackend {
    /** Configuration Admin PID. */
    public static final String PID = "bitnet.backend.mlx";
    private static final System.Logger LOG = System.getLogger("bitnet.backend.mlx");
    private static final Device GPU = new Device("mlx", 0);

    @ObjectClassDefinition(name = "bitnet MLX backend", description = "MLX (mlx-c) on Apple silicon")
    public @interface Config {
        @AttributeDefinition(description = "Calls whose output has fewer elements are declined (the GPU round trip "
                + "costs more than the CPU work); 0 takes every call")
        long minElements() default 4096;

        @AttributeDefinition(description = "Seconds to wait for calls in flight when stopping")
        int drainSeconds() default 10;
    }

    private final CallGate gate = new CallGate("mlx");
    private final MlxSession session;
    private final String reason;
    private final BackendInfo info;
    private final long minElements;
    private final int drainSeconds;

    /**
     * @param config threshold and drain time
     * @param context this bundle's context, for its fragment's files
     */
    @Activate
    public MlxBackend(Config config, BundleContext context) {
        this(config, () -> MlxStartup.start(new OsgiBundleFiles(context.getBundle()), HostPlatform.current()));
    }

    MlxBackend(Config config, Supplier<MlxStartup.Result> startup) {
        this.minElements = config.minElements();
        this.drainSeconds = config.drainSeconds();
        MlxStartup.Result result;
        try {
            result = startup.get();
        } catch (RuntimeException | LinkageError e) {
            result = new MlxStartup.Unavailable("MLX failed to start: " + e);
        }
        if (result instanceof MlxStartup.Ready(MlxSession s)) {
            session = s;
            reason = "";
            info = new BackendInfo("mlx", GPU, "mlx-c, default GPU stream");
        } else {
            session = null;
            reason = ((MlxStartup.Unavailable) result).reason();
            info = new BackendInfo("mlx", GPU, "mlx-c through FFM, not loaded");
        }
    }

    @Override
    public BackendInfo info() {
        return info;
    }

    @Override
    public Availability availability() {
        return session == null ? Availability.unavailable(reason) : gate.availability();
    }

    @Override
    public Set<Op> operations() {
        return MlxOpTable.OPERATIONS;
    }

    @Override
    public boolean supports(Op op, DType dtype) {
        return dtype == DType.F32 && MlxOpTable.OPERATIONS.contains(op);
    }

    @Override
    public boolean accepts(OpCall call) {
        return session != null && call.output().size() >= minElements && MlxGraph.accepts(call);
    }

    @Override
    public void execute(OpCall call) {
        try (CallGate.Pass pass = gate.enter()) {
            MlxSession s = session;
            if (s == null) {
                throw new BackendUnavailableException("mlx: " + reason);
            }
            if (!MlxGraph.accepts(call)) {
                throw new UnsupportedOperationException("mlx: no graph for this layout of " + call.op().id());
            }
            if (call instanceof OpCall.BitLinear c) {
                FiniteInput.require(c.input(), "BitLinear input");
            } else if (call instanceof OpCall.Quantize c) {
                FiniteInput.require(c.input(), "quantize input");
            }
            // One call at a time on the session's stream: MLX's graph building and evaluation are not
            // thread-safe before mlx 0.31.2 (ml-explore/mlx#2067), and the fragment accepts older releases.
            synchronized (s) {
                MlxGraph.run(call, s.nat(), s.stream());
            }
        }
    }

    /** Refuses new calls, waits for those in flight, then frees the stream and unloads mlx-c. */
    @Deactivate
    void deactivate() throws InterruptedException {
        boolean drained = gate.close(drainSeconds, TimeUnit.SECONDS);
        if (session != null) {
            if (drained) {
                session.close();
            } else {
                LOG.log(System.Logger.Level.WARNING, "mlx: calls still running after " + drainSeconds
                        + " s; mlx-c is left loaded rather than unloaded under them");
            }
        }
    }
}
