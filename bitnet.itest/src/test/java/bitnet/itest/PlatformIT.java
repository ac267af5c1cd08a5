package bitnet.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import bitnet.api.backend.Availability;
import bitnet.api.backend.BackendInfo;
import bitnet.api.backend.ComputeBackend;
import bitnet.api.backend.OpCall;
import bitnet.api.dispatch.BackendStatus;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.ops.Op;
import bitnet.api.ops.TensorOps;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Device;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/** The platform in a real Felix with SCR: components, ranking, a backend arriving at run time, the shell. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT {

    @Inject
    private BundleContext context;
    @Inject
    private Dispatcher dispatcher;
    @Inject
    private TensorOps ops;
    @Inject
    private TensorFactory factory;
    @Inject
    private ServiceComponentRuntime scr;
    @Inject
    private CommandProcessor commands;
    @Inject
    private bitnet.api.io.TensorIO io;

    @Configuration
    public Option[] config() {
        return Platform.options();
    }

    /** Every DS component of the platform. */
    private static final Set<String> COMPONENTS = Set.of("bitnet.backend.cpu.CpuBackend",
            "bitnet.backend.metal.MetalBackend", "bitnet.backend.mlx.MlxBackend", "bitnet.backend.simd.SimdBackend",
            "bitnet.convert.DefaultConversionEngine", "bitnet.core.dispatch.DispatcherComponent",
            "bitnet.core.linalg.DispatchingLinearAlgebra", "bitnet.core.ops.DispatchingTensorOps",
            "bitnet.core.tensor.PooledTensorFactory", "bitnet.memory.impl.CpuMemoryPoolComponent",
            "bitnet.memory.impl.DevicePoolsComponent", "bitnet.numpy.NpyTensorIO", "bitnet.precision.AggressivePolicy",
            "bitnet.precision.BalancedPolicy", "bitnet.precision.ConfiguredPolicy", "bitnet.precision.ConservativePolicy",
            "bitnet.precision.PrecisionManagerComponent", "bitnet.sequence.DefaultSequenceBatcher",
            "bitnet.shell.BackendCommands", "bitnet.shell.BundleHealth", "bitnet.shell.ConvertCommand",
            "bitnet.shell.DemoCommand", "bitnet.shell.HelpCommand", "bitnet.shell.InfoCommand",
            "bitnet.shell.LauncherJob", "bitnet.shell.MemoryCommands", "bitnet.shell.NpyInfoCommand",
            "bitnet.shell.OpCommand", "bitnet.shell.PrecisionCommands", "bitnet.shell.QuantInfoCommand",
            "bitnet.shell.TokenizeFileCommand", "bitnet.shell.TokenizerCommands", "bitnet.shell.ModelCache",
            "bitnet.shell.ModelInfoCommand", "bitnet.shell.LogitsCommand", "bitnet.shell.GenerateCommand",
            "bitnet.shell.ChatCommand", "bitnet.shell.BenchModelCommand", "bitnet.model.CheckpointLoaderComponent",
            "bitnet.inference.runtime.InferenceLoader",
            "bitnet.tokenizer.service.FileTokenizerFactory", "bitnet.tokenizer.service.NamedTokenizer",
            "bitnet.shell.ServeCommand", "bitnet.shell.ServeStopCommand", "bitnet.server.HttpListener",
            "bitnet.server.ModelHost", "bitnet.server.ServerMetrics", "bitnet.server.http.ApiKeyFilter",
            "bitnet.server.http.ChatCompletionsServlet", "bitnet.server.http.CompletionsServlet",
            "bitnet.server.http.DetokenizeServlet", "bitnet.server.http.HealthServlet",
            "bitnet.server.http.MetricsServlet", "bitnet.server.http.ModelsServlet",
            "bitnet.server.http.NotFoundServlet", "bitnet.server.http.RequestMetricsFilter",
            "bitnet.server.http.TokenizeServlet");
    /** Components made per configuration (none here). */
    private static final Set<String> FACTORY_CONFIGURED = Set.of("bitnet.precision.ConfiguredPolicy",
            "bitnet.tokenizer.service.NamedTokenizer");
    /** Runs on the bnd launcher's main thread; Pax Exam has no bnd launcher, so its reference stays unsatisfied. */
    private static final String LAUNCHER_JOB = "bitnet.shell.LauncherJob";

    @Test
    public void theLaunchersBundlesAreAllActiveAndEveryComponentIsSatisfied() throws Exception {
        Set<String> expected = new TreeSet<>(Platform.launcherBundleNames().stream()
                .filter(n -> n.startsWith("bitnet.")).toList());
        Set<String> installed = new TreeSet<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("bitnet.")) {
                installed.add(b.getSymbolicName());
                boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
                assertEquals(b.getSymbolicName() + " state", fragment ? Bundle.RESOLVED : Bundle.ACTIVE, b.getState());
            }
        }
        assertEquals(expected, installed);
        Set<String> found = new TreeSet<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
            if (!d.bundle.symbolicName.startsWith("bitnet.")) {
                continue;
            }
            found.add(d.name);
            var configurations = scr.getComponentConfigurationDTOs(d);
            if (FACTORY_CONFIGURED.contains(d.name)) {
                assertTrue(d.name + " has no configuration, so no instance", configurations.isEmpty());
                continue;
            }
            assertEquals(d.name + " configurations", 1, configurations.size());
            int state = configurations.iterator().next().state;
            if (d.name.equals(LAUNCHER_JOB)) {
                assertEquals(d.name, ComponentConfigurationDTO.UNSATISFIED_REFERENCE, state);
            } else {
                assertTrue(d.name + " is not satisfied: state " + state,
                        state == ComponentConfigurationDTO.ACTIVE || state == ComponentConfigurationDTO.SATISFIED);
            }
        }
        assertEquals(new TreeSet<>(COMPONENTS), found);
    }

    @Test
    public void simdOutranksCpuAndRunsWhatItSupports() {
        // MLX (100) and Metal (80) rank higher but are unavailable off Apple silicon (NativeBackendsIT).
        List<BackendStatus> backends = dispatcher.backends().stream().filter(s -> s.availability().available())
                .toList();
        assertEquals("simd", backends.get(0).info().name());
        assertEquals(60, backends.get(0).ranking());
        assertEquals("cpu", backends.get(1).info().name());
        assertEquals(40, backends.get(1).ranking());
        // SIMD runs what it has kernels for; remainder, the arg-reductions, dequantization and packing fall to the
        // CPU reference (packing is planned on TERNARY data, everything else on F32).
        Set<Op> cpuOnly = EnumSet.of(Op.REMAINDER, Op.ARGMIN, Op.ARGMAX, Op.DEQUANTIZE, Op.PACK_TERNARY,
                Op.UNPACK_TERNARY);
        for (Op op : Op.values()) {
            DType dtype = op == Op.PACK_TERNARY || op == Op.UNPACK_TERNARY ? DType.TERNARY : DType.F32;
            assertEquals(op.id(), cpuOnly.contains(op) ? "cpu" : "simd",
                    dispatcher.plan(op, dtype).chosen().get().name());
        }
        try (Tensor x = factory.of(new float[] {5, -5}, 2); Tensor y = factory.of(new float[] {3, 3}, 2);
                Tensor r = ops.binary(Op.REMAINDER, x, y)) {
            assertArrayEquals(new float[] {2, 1}, r.toFloatArray(), 0f);
        }
        try (Tensor a = factory.randn(DType.F32, 1, 1, 4, 6); Tensor at = a.transpose(1, 2);
                Tensor out = factory.empty(DType.F32, 1, 6, 4); Tensor contiguousOut = factory.empty(DType.F32, 1, 4, 6);
                Tensor b = factory.randn(DType.F32, 2, 1, 6, 3); Tensor mm = factory.empty(DType.F32, 1, 4, 3)) {
            assertEquals("simd", dispatcher.execute(new OpCall.MatMul(a, b, mm)));
            assertEquals("simd", dispatcher.execute(new OpCall.Unary(Op.RELU, a, contiguousOut)));
            // No vector kernel for a transposed operand: the CPU reference takes it.
            assertEquals("cpu", dispatcher.execute(new OpCall.Unary(Op.RELU, at, out)));
        }
        try (Tensor x = factory.of(new float[] {1, 2, 3, 4}, 2, 2); Tensor y = ops.matmul(x, x)) {
            assertArrayEquals(new float[] {7, 10, 15, 22}, y.toFloatArray(), 0f);
        }
    }

    @Test
    public void aBackendRegisteredAtRunTimeWithAHigherRankingIsPickedUp() {
        AtomicInteger calls = new AtomicInteger();
        ComputeBackend fast = new ComputeBackend() {
            @Override
            public BackendInfo info() {
                return new BackendInfo("late", Device.CPU, "registered by the test");
            }

            @Override
            public Availability availability() {
                return Availability.ready();
            }

            @Override
            public Set<Op> operations() {
                return EnumSet.of(Op.RELU);
            }

            @Override
            public boolean supports(Op op, DType dtype) {
                return dtype == DType.F32;
            }

            @Override
            public boolean accepts(OpCall call) {
                return true;
            }

            @Override
            public void execute(OpCall call) {
                calls.incrementAndGet();
                Tensor out = call.output();
                out.setFloat(42f, new long[out.rank()]);
            }
        };
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_RANKING, 70);
        props.put(ComputeBackend.NAME_PROPERTY, "late");
        ServiceRegistration<ComputeBackend> reg = context.registerService(ComputeBackend.class, fast, props);
        try {
            assertEquals("late", dispatcher.plan(Op.RELU, DType.F32).chosen().get().name());
            assertEquals("simd", dispatcher.plan(Op.ADD, DType.F32).chosen().get().name());
            try (Tensor x = factory.zeros(DType.F32, 1); Tensor y = ops.relu(x)) {
                assertEquals(42f, y.getFloat(0), 0f);
            }
            assertEquals(1, calls.get());
        } finally {
            reg.unregister();
        }
        assertEquals("simd", dispatcher.plan(Op.RELU, DType.F32).chosen().get().name());
    }

    @Test
    public void shellCommandsRunInACommandProcessorSession() throws Exception {
        Platform.await(context, "(&(osgi.command.scope=bitnet)(osgi.command.function=which))", 10_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (CommandSession session = commands.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            String backends = session.format(session.execute("bitnet:backends"), 0).toString();
            assertTrue(backends, backends.indexOf("simd") < backends.indexOf("cpu"));
            assertTrue(backends, backends.contains("60") && backends.contains("40"));
            String which = session.execute("bitnet:which matmul").toString();
            assertTrue(which, which.startsWith("matmul on F32: simd"));
            assertTrue(which, which.contains("simd (60) -> cpu (40)"));
            String info = session.execute("bitnet:info").toString();
            assertTrue(info, info.contains("bitnet.backend.simd") && info.contains("ACTIVE"));
            try {
                session.execute("bitnet:which nosuchop");
                throw new AssertionError("an unknown op must fail");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("unknown operation 'nosuchop'"));
            }
        }
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("Exception"));
    }

    @Test
    public void quantizationRunsThroughTheDispatcherAndTheShell() throws Exception {
        Platform.await(context, "(&(osgi.command.scope=bitnet)(osgi.command.function=quant-info))", 10_000);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("bitnet-quant-it");
        java.nio.file.Path w = dir.resolve("w.npy");
        try (Tensor weights = factory.randn(DType.F32, 5, 64, 96)) {
            io.writeNpy(w, weights);
            try (bitnet.api.quant.QuantizedTensor q = ops.quantize(weights, bitnet.api.quant.QuantSpec.ternary());
                    Tensor x = factory.randn(DType.F32, 6, 3, 96); Tensor y = ops.bitLinear(q.values(), q.scales(), x,
                            null)) {
                assertEquals(DType.TERNARY, q.values().dtype());
                assertArrayEquals(new long[] {3, 64}, y.shape());
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (CommandSession session = commands.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            String q = session.execute("bitnet:op quantize " + dir.resolve("q.npy") + " " + w
                    + " scheme=int4 group=32").toString();
            assertTrue(q, q.contains("I4 [64, 96] (stored as int8 values)") && q.contains("F32 [64, 3]"));
            String info = session.execute("bitnet:quant-info " + w).toString();
            assertTrue(info, info.contains("base3_packed") && info.contains("automatic choice"));
            String which = session.execute("bitnet:which quantize").toString();
            assertTrue(which, which.startsWith("quantize on F32: simd"));
        }
    }
}
