package bitnet.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import bitnet.api.backend.OpCall;
import bitnet.api.dispatch.BackendStatus;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.ops.Op;
import bitnet.api.ops.TensorOps;
import bitnet.api.quant.QuantSpec;
import bitnet.api.quant.QuantizedTensor;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/**
 * {@code bitnet:demo}: lists the backends, runs a small workload on each available one, checks every backend
 * against the CPU reference and prints times and speedups. Fails if a backend disagrees with the reference.
 */
@Component(service = DemoCommand.class, property = {"osgi.command.scope=bitnet", "osgi.command.function=demo"})
public final class DemoCommand {
    private static final long N = 1024;
    /** Warm-up per workload and backend, before timing: at least this long ... */
    private static final long WARM_UP_NANOS = 300_000_000L;
    /** ... and this many calls, unless that takes longer than {@link #WARM_UP_MAX_NANOS}. */
    private static final int WARM_UP_CALLS = 400;
    private static final long WARM_UP_MAX_NANOS = 2_000_000_000L;
    /** The FFN up-projection of BitNet b1.58 2B4T: ternary weights, int8 activations. */
    private static final long BITLINEAR_OUT = 6912;
    private static final long BITLINEAR_IN = 2560;
    /** Relative to the largest reference value: float accumulation over k = 1024 terms stays far below this. */
    private static final double TOLERANCE = 1e-4;

    private final Dispatcher dispatcher;
    private final TensorFactory factory;
    private final TensorOps ops;

    /**
     * @param dispatcher runs each call on a chosen backend
     * @param factory allocates tensors
     * @param ops the dispatched operations, for the final end-to-end call
     */
    @Activate
    public DemoCommand(@Reference Dispatcher dispatcher, @Reference TensorFactory factory,
            @Reference TensorOps ops) {
        this.dispatcher = dispatcher;
        this.factory = factory;
        this.ops = ops;
    }

    private record Workload(String name, long[] outShape, Function<Tensor, OpCall> call, Op op) {
    }

    /** @return the report */
    @Descriptor("runs a workload on every backend, times it and checks each against the CPU reference")
    public String demo() {
        StringBuilder sb = new StringBuilder();
        sb.append("bitnet demo: Java ").append(Runtime.version()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" processors").append(nl());
        sb.append(nl()).append("Backends in ranking order").append(nl());
        Table backends = new Table("  BACKEND", "RANKING", "STATUS", "DETAIL");
        List<String> available = new ArrayList<>();
        for (BackendStatus s : dispatcher.backends()) {
            backends.row("  " + s.info().name(), s.ranking(),
                    s.availability().available() ? "available" : "unavailable: " + s.availability().reason(),
                    s.info().detail());
            if (s.availability().available()) {
                available.add(s.info().name());
            }
        }
        sb.append(backends).append(nl());
        if (!available.contains("cpu")) {
            throw new IllegalStateException("the cpu reference backend is not available; nothing to check against");
        }
        try (Tensor a = factory.randn(DType.F32, 1, N, N); Tensor b = factory.randn(DType.F32, 2, N, N);
                Tensor x = factory.randn(DType.F32, 3, 4 * N, N); Tensor y = factory.randn(DType.F32, 4, 4 * N, N);
                Tensor a3 = a.reshape(1, N, N); Tensor b3 = b.reshape(1, N, N);
                Tensor weights = factory.randn(DType.F32, 5, BITLINEAR_OUT, BITLINEAR_IN);
                QuantizedTensor wq = ops.quantize(weights, QuantSpec.ternary());
                Tensor token = factory.randn(DType.F32, 6, 1, BITLINEAR_IN)) {
            List<Workload> work = List.of(
                    new Workload("matmul 1024x1024x1024", new long[] {1, N, N}, o -> new OpCall.MatMul(a3, b3, o),
                            Op.MATMUL),
                    new Workload("softmax 1024x1024 rows", new long[] {N, N}, o -> new OpCall.Softmax(a, 1, o),
                            Op.SOFTMAX),
                    new Workload("gelu 4M", new long[] {4 * N, N}, o -> new OpCall.Unary(Op.GELU, x, o), Op.GELU),
                    new Workload("add 4M", new long[] {4 * N, N}, o -> new OpCall.Binary(Op.ADD, x, y, o), Op.ADD),
                    new Workload("sum 4M over the last axis", new long[] {4 * N},
                            o -> new OpCall.Reduce(Op.SUM, x, 1, o), Op.SUM),
                    new Workload("bitlinear 6912x2560, 1 token", new long[] {1, BITLINEAR_OUT},
                            o -> new OpCall.BitLinear(wq.values(), wq.scales(), token, null, o), Op.BITLINEAR));
            sb.append(nl()).append("Workload, best time per backend (ms), speedup over cpu, max relative difference")
                    .append(nl());
            List<String> header = new ArrayList<>(List.of("  OPERATION"));
            available.forEach(n -> header.add(n + " ms"));
            available.stream().filter(n -> !n.equals("cpu")).forEach(n -> {
                header.add(n + " speedup");
                header.add(n + " vs cpu");
            });
            Table results = new Table(header.toArray(String[]::new));
            List<String> failures = new ArrayList<>();
            for (Workload w : work) {
                results.row(run(w, available, failures).toArray());
            }
            sb.append(results).append(nl());
            sb.append(nl()).append("Through the dispatcher:");
            for (Workload w : work) {
                sb.append(' ').append(w.op().id()).append(" -> ")
                        .append(dispatcher.plan(w.op(), DType.F32).chosen().map(c -> c.name()).orElse("none"));
            }
            try (Tensor c = ops.matmul(a, b)) {
                sb.append(nl()).append("TensorOps.matmul(a, b) -> ").append(java.util.Arrays.toString(c.shape()))
                        .append(nl());
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException(sb + nl() + "MISMATCH: " + String.join("; ", failures));
            }
            sb.append(nl()).append("check: every backend agrees with the cpu reference (relative tolerance ")
                    .append(TOLERANCE).append("): OK");
        }
        return sb.toString();
    }

    private List<Object> run(Workload w, List<String> backends, List<String> failures) {
        Map<String, Double> millis = new LinkedHashMap<>();
        Map<String, float[]> results = new LinkedHashMap<>();
        for (String backend : backends) {
            try (Tensor out = factory.empty(DType.F32, w.outShape())) {
                OpCall call = w.call().apply(out);
                // The reference matmul is slow: one warm-up and one timed run; the others get the best of five.
                int runs = backend.equals("cpu") && w.op() == Op.MATMUL ? 1 : 5;
                // Warm up for a while, not once: Vector API code is only fast once C2 has compiled it, which took
                // a few hundred BitLinear calls here (3-17 ms each before, 0.3-0.9 ms after). The clock starts
                // after the first call, which may prepare state (BitLinear's weight layout); then at least
                // WARM_UP_NANOS, and up to WARM_UP_CALLS calls while under WARM_UP_MAX_NANOS.
                dispatcher.executeOn(backend, call);
                long start = System.nanoTime();
                for (int calls = 0;; calls++) {
                    long spent = System.nanoTime() - start;
                    if (spent >= WARM_UP_MAX_NANOS || spent >= WARM_UP_NANOS && calls >= WARM_UP_CALLS) {
                        break;
                    }
                    dispatcher.executeOn(backend, call);
                }
                double best = Double.MAX_VALUE;
                for (int r = 0; r < runs; r++) {
                    long t0 = System.nanoTime();
                    dispatcher.executeOn(backend, call);
                    best = Math.min(best, (System.nanoTime() - t0) / 1e6);
                }
                millis.put(backend, best);
                results.put(backend, out.toFloatArray());
            }
        }
        List<Object> row = new ArrayList<>();
        row.add("  " + w.name());
        millis.values().forEach(ms -> row.add(String.format(Locale.ROOT, "%.1f", ms)));
        float[] ref = results.get("cpu");
        for (String backend : backends) {
            if (backend.equals("cpu")) {
                continue;
            }
            double diff = maxRelativeDifference(results.get(backend), ref);
            row.add(String.format(Locale.ROOT, "%.1fx", millis.get("cpu") / millis.get(backend)));
            row.add(String.format(Locale.ROOT, "%.1e", diff));
            if (!(diff <= TOLERANCE)) {
                failures.add(backend + " " + w.name() + " differs by " + diff);
            }
        }
        return row;
    }

    private static double maxRelativeDifference(float[] got, float[] ref) {
        double scale = 0;
        for (float v : ref) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < ref.length; i++) {
            double d = Math.abs(got[i] - ref[i]);
            worst = Double.isNaN(d) ? Double.NaN : Math.max(worst, d);
        }
        return scale == 0 ? worst : worst / scale;
    }

    private static String nl() {
        return System.lineSeparator();
    }
}
