package bitnet.backend.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


import bitnet.api.tensor.Tensor;
import bitnet.backend.cpu.CpuBackend;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.ops.DispatchingTensorOps;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.numpy.NpyTensorIO;

/**
 * Every golden case NumPy generated ({@code bitnet.numpy/src/test/python/gen_golden.py}), run by name through
 * {@code TensorOps.invoke} twice: on the CPU reference alone, and with the SIMD backend in front of it. Each case
 * carries its own tolerance, justified in the generator.
 */
class NumpyGoldenTest {
    private static final Path GOLDEN = Path.of(System.getProperty("bitnet.golden",
            "../bitnet.numpy/src/test/resources/golden"));
    private static final HybridMemoryPool POOL = HybridMemoryPool.withDefaults();
    private static final PooledTensorFactory F = new PooledTensorFactory(POOL);
    private static final NpyTensorIO IO = new NpyTensorIO(F);
    private static final SimdBackend SIMD = new SimdBackend(2);
    private static final Map<String, DispatchingTensorOps> STACKS = Map.of(
            "cpu", new DispatchingTensorOps(new RankedDispatcher(
                    () -> List.of(new Registration(new CpuBackend(), 40, 1))), F),
            "simd+cpu", new DispatchingTensorOps(new RankedDispatcher(
                    () -> List.of(new Registration(new CpuBackend(), 40, 1), new Registration(SIMD, 60, 2))), F));

    @AfterAll
    static void stop() throws InterruptedException {
        SIMD.deactivate();
    }

    static Stream<Arguments> cases() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(GOLDEN.resolve("manifest.json").toFile());
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : manifest) {
            for (String stack : List.of("cpu", "simd+cpu")) {
                out.add(Arguments.of(c.get("case").asText(), stack, c));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void matchesNumpy(String name, String stack, JsonNode c) throws IOException {
        Map<String, Tensor> arrays = IO.readNpz(GOLDEN.resolve(name + ".npz"));
        List<Tensor> results = List.of();
        List<Tensor> views = new ArrayList<>();
        try {
            List<Tensor> inputs = new ArrayList<>();
            for (JsonNode in : c.get("inputs")) {
                inputs.add(arrays.get(in.asText()));
            }
            if (c.has("view") && c.get("view").asText().equals("transpose")) {
                Tensor t = inputs.get(0).permute(reversed(inputs.get(0).rank()));
                views.add(t);
                inputs.set(0, t);
            }
            Map<String, String> params = new LinkedHashMap<>();
            c.get("params").properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    params.put(e.getKey(), text(e.getValue()));
                }
            });
            results = STACKS.get(stack).invoke(c.get("op").asText(), inputs, params);
            JsonNode outputs = c.get("outputs");
            assertEquals(outputs.size(), results.size(), "number of outputs");
            double rtol = c.get("rtol").asDouble();
            double atol = c.get("atol").asDouble();
            for (int i = 0; i < outputs.size(); i++) {
                Tensor expected = arrays.get(outputs.get(i).asText());
                Tensor got = results.get(i);
                assertArrayEquals(expected.shape(), got.shape(), name + ": shape");
                assertEquals(expected.dtype(), got.dtype(), name + ": dtype");
                compare(name, expected.toFloatArray(), got.toFloatArray(), rtol, atol);
            }
        } finally {
            results.forEach(Tensor::close);
            views.forEach(Tensor::close);
            arrays.values().forEach(Tensor::close);
        }
    }

    private static int[] reversed(int rank) {
        int[] order = new int[rank];
        for (int i = 0; i < rank; i++) {
            order[i] = rank - 1 - i;
        }
        return order;
    }

    private static String text(JsonNode v) {
        if (v.isArray()) {
            StringBuilder sb = new StringBuilder();
            v.forEach(e -> sb.append(sb.isEmpty() ? "" : ",").append(e.asText()));
            return sb.toString();
        }
        return v.asText();
    }

    private static void compare(String name, float[] expected, float[] got, double rtol, double atol) {
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float g = got[i];
            if (Float.isNaN(e) || Float.isInfinite(e)) {
                assertEquals(e, g, name + " [" + i + "]");
            } else {
                assertTrue(Math.abs(g - e) <= atol + rtol * Math.abs(e),
                        name + " [" + i + "]: expected " + e + ", got " + g + " (rtol " + rtol + ", atol " + atol + ")");
            }
        }
    }

}
