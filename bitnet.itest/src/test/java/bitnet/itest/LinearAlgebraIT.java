package bitnet.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

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

import bitnet.api.backend.OpCall;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.linalg.LinearAlgebra;
import bitnet.api.linalg.NotPositiveDefiniteException;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/**
 * Decompositions through the dispatcher in the framework: the LinearAlgebra service is registered, SIMD runs them,
 * CPU takes over when the SIMD bundle is stopped, typed errors reach the caller, and {@code bitnet:which} shows the
 * chain for F64.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LinearAlgebraIT {
    private static final long WAIT_MILLIS = 30_000;

    @Inject
    private BundleContext context;
    @Inject
    private Dispatcher dispatcher;
    @Inject
    private LinearAlgebra linalg;
    @Inject
    private TensorFactory factory;
    @Inject
    private CommandProcessor commands;

    @Configuration
    public Option[] config() {
        return Platform.options();
    }

    private Bundle simdBundle() {
        for (Bundle b : context.getBundles()) {
            if ("bitnet.backend.simd".equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bitnet.backend.simd is not installed");
    }

    /** SPD 40 x 40 in F64: G G^T + 40 I. */
    private Tensor spd() {
        int n = 40;
        try (Tensor g = factory.randn(DType.F32, 7, n, n)) {
            Tensor a = factory.empty(DType.F64, n, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = i == j ? n : 0;
                    for (int p = 0; p < n; p++) {
                        s += g.getFloat(i, p) * (double) g.getFloat(j, p);
                    }
                    a.segment().setAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED, a.offset() + i * n + j, s);
                }
            }
            return a;
        }
    }

    private float[] choleskyOn(String backend, Tensor a) {
        try (Tensor l = factory.empty(DType.F64, a.shape())) {
            dispatcher.executeOn(backend, new OpCall.Factor(Op.CHOLESKY, a, java.util.List.of(l)));
            return l.toFloatArray();
        }
    }

    @Test
    public void decompositionsRunOnSimdAndOnCpuWhenSimdStops() throws Exception {
        try (Tensor a = spd()) {
            assertEquals("simd", dispatcher.plan(Op.CHOLESKY, DType.F64).chosen().get().name());
            float[] viaSimd;
            try (Tensor l = linalg.cholesky(a)) {
                viaSimd = l.toFloatArray();
            }
            float[] reference = choleskyOn("cpu", a);
            assertEquals(reference.length, viaSimd.length);
            for (int i = 0; i < reference.length; i++) {
                assertEquals(reference[i], viaSimd[i], 1e-5f * Math.abs(reference[i]) + 1e-6f);
            }
            Bundle simd = simdBundle();
            simd.stop();
            try {
                assertEquals("cpu", dispatcher.plan(Op.CHOLESKY, DType.F64).chosen().get().name());
                try (Tensor l = linalg.cholesky(a)) {
                    float[] viaCpu = l.toFloatArray();
                    for (int i = 0; i < reference.length; i++) {
                        assertEquals(reference[i], viaCpu[i], 0f);
                    }
                }
                try (Tensor bad = factory.full(DType.F64, 1f, 3, 3)) {
                    linalg.cholesky(bad);
                    throw new AssertionError("a singular all-ones matrix is not positive definite");
                } catch (NotPositiveDefiniteException e) {
                    assertEquals(2, e.minorOrder());
                }
            } finally {
                simd.start();
            }
            Platform.await(context, "(bitnet.backend.name=simd)", WAIT_MILLIS);
            assertEquals("simd", dispatcher.plan(Op.SVD, DType.F32).chosen().get().name());
        }
    }

    @Test
    public void whichShowsSimdThenCpuForLinearAlgebra() throws Exception {
        Platform.await(context, "(&(osgi.command.scope=bitnet)(osgi.command.function=which))", WAIT_MILLIS);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (CommandSession session = commands.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            String which = session.execute("bitnet:which cholesky f64").toString();
            assertTrue(which, which.startsWith("cholesky on F64: simd"));
            assertTrue(which, which.contains("simd (60) -> cpu (40)"));
            String ops = session.execute("bitnet:op").toString();
            assertTrue(ops, ops.contains("svd") && ops.contains("einsum") && ops.contains("lstsq"));
        }
    }
}
