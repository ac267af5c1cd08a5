package bitnet.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

import bitnet.api.backend.OpCall;
import bitnet.api.dispatch.BackendStatus;
import bitnet.api.dispatch.DispatchPlan;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.memory.DeviceMemoryProvider;
import bitnet.api.memory.MemoryPool;
import bitnet.api.ops.Op;
import bitnet.api.ops.TensorOps;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/**
 * The Metal and MLX bundles and their macOS aarch64 fragments on a machine that is not a Mac on Apple silicon:
 * everything installs and resolves, the fragments attach (carrying no library), both backends activate and say why
 * they are unavailable, and the dispatcher sends every operation to SIMD or the CPU reference.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NativeBackendsIT {
    private static final String HERE = System.getProperty("os.name") + " " + System.getProperty("os.arch");
    private static final boolean APPLE_SILICON = System.getProperty("os.name").startsWith("Mac")
            && System.getProperty("os.arch").equals("aarch64");

    @Inject
    private BundleContext context;
    @Inject
    private Dispatcher dispatcher;
    @Inject
    private TensorOps ops;
    @Inject
    private TensorFactory factory;
    @Inject
    private CommandProcessor commands;

    @Configuration
    public Option[] config() {
        return Platform.options();
    }

    private Bundle bundle(String name) {
        for (Bundle b : context.getBundles()) {
            if (name.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(name + " is not installed");
    }

    private static String expectedReason(String backend) {
        return backend + " needs macOS on aarch64; this is " + HERE;
    }

    @Test
    public void hostsAreActiveAndFragmentsAttachedWithoutALibrary() {
        assertEquals(Bundle.ACTIVE, bundle("bitnet.backend.natives").getState());
        for (String host : List.of("bitnet.backend.metal", "bitnet.backend.mlx")) {
            Bundle h = bundle(host);
            Bundle fragment = bundle(host + ".macos.aarch64");
            assertEquals(host + " is active", Bundle.ACTIVE, h.getState());
            // A fragment is never ACTIVE; attached, it is RESOLVED.
            assertEquals(fragment.getSymbolicName() + " is resolved", Bundle.RESOLVED, fragment.getState());
            assertEquals(host, fragment.getHeaders().get("Fragment-Host"));
            String nativeCode = fragment.getHeaders().get("Bundle-NativeCode");
            assertTrue(nativeCode, nativeCode.contains("osname=MacOSX") && nativeCode.contains("processor=aarch64"));
            List<String> attached = h.adapt(BundleWiring.class).getProvidedWires(HostNamespace.HOST_NAMESPACE)
                    .stream().map(BundleWire::getRequirer).map(r -> r.getSymbolicName()).toList();
            assertEquals(List.of(fragment.getSymbolicName()), attached);
            if (!APPLE_SILICON) {
                assertNull("the Linux build carries no native library",
                        fragment.getEntry("native/macos-aarch64/" + (host.endsWith("metal") ? "libbitnet_metal.dylib"
                                : "libmlxc.dylib")));
            }
        }
        // The shader sources ship in the host: the run-time compile path needs no Xcode.
        assertNotNull(bundle("bitnet.backend.metal").getEntry("shaders/quant.metal"));
    }

    @Test
    public void bothBackendsAreListedUnavailableWithTheirReason() {
        org.junit.Assume.assumeFalse("on Apple silicon the reason depends on the fragment's build", APPLE_SILICON);
        Map<String, BackendStatus> byName = dispatcher.backends().stream()
                .collect(Collectors.toMap(s -> s.info().name(), s -> s));
        BackendStatus mlx = byName.get("mlx");
        BackendStatus metal = byName.get("metal");
        assertNotNull("mlx is registered", mlx);
        assertNotNull("metal is registered", metal);
        assertEquals(100, mlx.ranking());
        assertEquals(80, metal.ranking());
        assertFalse(mlx.availability().available());
        assertFalse(metal.availability().available());
        assertEquals(expectedReason("MLX"), mlx.availability().reason());
        assertEquals(expectedReason("Metal"), metal.availability().reason());
        assertTrue(metal.operations().containsAll(Set.of(Op.MATMUL, Op.SOFTMAX, Op.RMS_NORM, Op.BITLINEAR, Op.ADD)));
        assertEquals(List.of("mlx", "metal", "simd", "cpu"), dispatcher.backends().stream()
                .map(s -> s.info().name()).toList());
    }

    @Test
    public void everyOperationIsPlannedOnSimdOrCpuAndRunsThere() {
        org.junit.Assume.assumeFalse(APPLE_SILICON);
        Set<Op> core = Set.of(Op.ADD, Op.GELU, Op.MATMUL, Op.SOFTMAX, Op.RMS_NORM, Op.BITLINEAR);
        for (Op op : Op.values()) {
            DispatchPlan plan = dispatcher.plan(op, DType.F32);
            // Some operations are planned on other dtypes; whatever runs an F32 call here must be SIMD or CPU.
            plan.chosen().ifPresent(c -> assertTrue(op.id() + " went to " + c.name(),
                    c.name().equals("simd") || c.name().equals("cpu")));
            assertTrue(op.id(), !core.contains(op) || plan.chosen().isPresent());
            for (DispatchPlan.Candidate c : plan.candidates()) {
                if (c.name().equals("mlx") || c.name().equals("metal")) {
                    assertFalse(c.eligible());
                    assertTrue(c.reason(), c.reason().contains("needs macOS on aarch64"));
                }
            }
        }
        try (Tensor a = factory.of(new float[] {1, 2, 3, 4}, 1, 2, 2); Tensor out = factory.empty(DType.F32, 1, 2, 2)) {
            assertEquals("simd", dispatcher.execute(new OpCall.MatMul(a, a, out)));
            assertArrayEquals(new float[] {7, 10, 15, 22}, out.toFloatArray(), 0f);
        }
        try (Tensor x = factory.of(new float[] {1, 2, 3}, 3); Tensor y = ops.softmax(x, 0)) {
            assertEquals(1f, y.toFloatArray()[0] + y.toFloatArray()[1] + y.toFloatArray()[2], 1e-6f);
        }
    }

    @Test
    public void noMetalDeviceMemoryIsRegisteredWithoutADevice() throws Exception {
        org.junit.Assume.assumeFalse(APPLE_SILICON);
        assertNull(context.getServiceReferences(DeviceMemoryProvider.class.getName(), null));
        assertNull(context.getServiceReferences(MemoryPool.class.getName(), "(" + MemoryPool.DEVICE_PROPERTY + "=metal)"));
    }

    @Test
    public void theShellShowsTheReasons() throws Exception {
        org.junit.Assume.assumeFalse(APPLE_SILICON);
        Platform.await(context, "(&(osgi.command.scope=bitnet)(osgi.command.function=backends))", 10_000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (CommandSession session = commands.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            String backends = session.execute("bitnet:backends").toString();
            assertTrue(backends, backends.contains("unavailable: " + expectedReason("MLX")));
            assertTrue(backends, backends.contains("unavailable: " + expectedReason("Metal")));
            assertTrue(backends, backends.indexOf("mlx") < backends.indexOf("metal")
                    && backends.indexOf("metal") < backends.indexOf("simd"));
            String which = session.execute("bitnet:which matmul").toString();
            assertTrue(which, which.startsWith("matmul on F32: simd"));
            assertTrue(which, which.contains("skipped mlx (100): "));
            assertTrue(which, which.contains("skipped metal (80): "));
        }
    }
}
