package bitnet.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import bitnet.api.dispatch.BackendStatus;
import bitnet.api.dispatch.Dispatcher;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.Model;
import bitnet.api.inference.Session;
import bitnet.api.inference.TokenListener;
import bitnet.api.model.ModelConfig;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * {@code bitnet:bench-model MODEL [prompt=128 gen=128 reps=3 threads=N lm_head=int8]}: prompt processing (one pass
 * over {@code prompt} random tokens) and generation ({@code gen} tokens one at a time) in tokens per second, mean and
 * standard deviation over {@code reps} runs after one warm-up, printed as llama-bench prints them. {@code threads=N}
 * reconfigures the SIMD backend for the run (Configuration Admin, PID {@code bitnet.backend.simd}) and restores it.
 * Gogo runs a hyphenated command through {@code _main}, with the command's name first.
 */
@Component(service = BenchModelCommand.class,
        property = {"osgi.command.scope=bitnet", "osgi.command.function=bench-model"})
public final class BenchModelCommand {
    private static final Set<String> OPTIONS = Set.of("prompt", "gen", "reps", "threads", "lm_head");
    private static final String SIMD_PID = "bitnet.backend.simd";
    private static final long RECONFIGURE_MILLIS = 30_000;

    private final ModelCache models;
    private final Dispatcher dispatcher;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConfigurationAdmin configAdmin;

    /**
     * @param models the shell's loaded models
     * @param dispatcher tells which backend runs the projections
     */
    @Activate
    public BenchModelCommand(@Reference ModelCache models, @Reference Dispatcher dispatcher) {
        this.models = models;
        this.dispatcher = dispatcher;
    }

    /**
     * @param session the Gogo session, for progress
     * @param command the command's name, as Gogo passes it
     * @param model the model
     * @param options {@code prompt=N gen=N reps=N threads=N lm_head=int8}
     * @return the table
     * @throws IOException if the SIMD backend cannot be reconfigured
     * @throws InterruptedException if interrupted while it restarts
     */
    @Descriptor("prompt processing and generation speed in tokens/s, as llama-bench prints them")
    public String _main(CommandSession session, String command,
            @Descriptor("a Hugging Face model folder or a .gguf file") String model,
            @Descriptor("prompt=128 (tokens of pp), gen=128 (tokens of tg), reps=3, threads=N (SIMD backend), "
                    + "lm_head=int8") String... options) throws IOException, InterruptedException {
        GenerationArguments args = GenerationArguments.parse(Arrays.asList(options), OPTIONS);
        int prompt = args.has("prompt") ? args.integer("prompt") : 128;
        int gen = args.has("gen") ? args.integer("gen") : 128;
        int reps = args.has("reps") ? args.integer("reps") : 3;
        if (prompt < 0 || gen < 0 || reps < 1 || prompt + gen == 0) {
            throw new IllegalArgumentException("prompt and gen must be at least 0 (not both 0), reps at least 1");
        }
        PrintStream console = session.getConsole();
        Model m = models.get(model, "int8".equals(args.text("lm_head")), console);
        ModelConfig c = m.config();
        if (Math.max(prompt, gen + 1) > c.contextLength()) {
            throw new IllegalArgumentException("prompt and gen must fit the context of " + c.contextLength());
        }
        Integer previous = args.has("threads") ? setThreads(args.integer("threads")) : null;
        try {
            String backend = dispatcher.plan(Op.BITLINEAR, DType.F32).chosen().map(p -> p.name()).orElse("none");
            int threads = threadsOf(backend);
            double[] pp = prompt == 0 ? null : run(m, prompt, 0, reps, console);
            double[] tg = gen == 0 ? null : run(m, 1, gen, reps, console);
            String name = c.architecture() + " " + m.info().format();
            String size = MemoryCommands.bytes(m.info().mappedBytes() + m.info().convertedBytes());
            long n = parameters(c);
            String params = n >= 1e9 ? String.format(Locale.ROOT, "%.2f B", n / 1e9)
                    : String.format(Locale.ROOT, "%.2f M", n / 1e6);
            StringBuilder t = new StringBuilder();
            String format = "| %-30s | %10s | %10s | %-8s | %7s | %10s | %20s |%n";
            t.append(String.format(Locale.ROOT, format, "model", "size", "params", "backend", "threads", "test", "t/s"));
            t.append(String.format(Locale.ROOT, "| %s | %s: | %s: | %s | %s: | %s: | %s: |%n", "-".repeat(30),
                    "-".repeat(9), "-".repeat(9), "-".repeat(8), "-".repeat(6), "-".repeat(9), "-".repeat(19)));
            if (pp != null) {
                t.append(String.format(Locale.ROOT, format, name, size, params, backend, threads, "pp" + prompt,
                        meanStd(pp)));
            }
            if (tg != null) {
                t.append(String.format(Locale.ROOT, format, name, size, params, backend, threads, "tg" + gen,
                        meanStd(tg)));
            }
            return t.toString().stripTrailing();
        } finally {
            if (previous != null) {
                setThreads(previous);
            }
        }
    }

    // One warm-up, then reps measured runs: pp feeds `prompt` tokens in one pass; tg generates `gen` tokens.
    private static double[] run(Model m, int prompt, int gen, int reps, PrintStream console) {
        double[] rates = new double[reps];
        SplittableRandom random = new SplittableRandom(42);
        // Two warm-up runs (not counted): the JIT compiles the kernels on the first calls.
        for (int r = -2; r < reps; r++) {
            int[] ids = random.ints(prompt, 0, m.config().vocabSize()).toArray();
            try (Session s = m.newSession(Math.min(m.config().contextLength(), prompt + gen))) {
                long t0 = System.nanoTime();
                if (gen == 0) {
                    try (Tensor unused = s.prefill(ids, false)) {
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        if (r >= 0) {
                            rates[r] = prompt / seconds;
                        }
                    }
                } else {
                    s.generate(ids, GenerationOptions.greedy().withMaxTokens(gen).withIgnoreStopTokens(true),
                            TokenListener.NONE);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (r >= 0) {
                        rates[r] = gen / seconds;
                    }
                }
            }
        }
        return rates;
    }

    private static String meanStd(double[] v) {
        double mean = Arrays.stream(v).average().orElse(0);
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        double std = v.length > 1 ? Math.sqrt(var / (v.length - 1)) : 0;
        return String.format(Locale.ROOT, "%.2f ± %.2f", mean, std);
    }

    // Embedding (and a separate head), seven projections and four norms per layer, the final norm.
    static long parameters(ModelConfig c) {
        long h = c.hiddenSize();
        long perLayer = h * c.queryWidth() * 2 + 2L * h * c.kvWidth() + 3L * h * c.intermediateSize()
                + 3 * h + c.intermediateSize();
        return (long) c.vocabSize() * h * (c.tiedEmbeddings() ? 1 : 2) + c.layers() * perLayer + h;
    }

    private int threadsOf(String backend) {
        for (BackendStatus s : dispatcher.backends()) {
            if (s.info().name().equals(backend)) {
                String detail = s.info().detail();
                java.util.regex.Matcher mt = java.util.regex.Pattern.compile("(\\d+) threads?").matcher(detail);
                return mt.find() ? Integer.parseInt(mt.group(1)) : 1;
            }
        }
        return 1;
    }

    // Sets the SIMD backend's thread count through Configuration Admin and waits for it to come back with it.
    private Integer setThreads(int threads) throws IOException, InterruptedException {
        ConfigurationAdmin admin = configAdmin;
        if (admin == null) {
            throw new IllegalStateException("threads= needs Configuration Admin, which is not running");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be at least 0 (0 = every processor), got " + threads);
        }
        Configuration config = admin.getConfiguration(SIMD_PID, "?");
        Dictionary<String, Object> props = config.getProperties();
        Object old = props == null ? null : props.get("threads");
        Hashtable<String, Object> next = new Hashtable<>();
        if (props != null) {
            for (String k : List.copyOf(java.util.Collections.list(props.keys()))) {
                next.put(k, props.get(k));
            }
        }
        next.put("threads", threads);
        config.update(next);
        int want = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        long deadline = System.currentTimeMillis() + RECONFIGURE_MILLIS;
        while (threadsOf("simd") != want || !"simd".equals(dispatcher.plan(Op.BITLINEAR, DType.F32).chosen()
                .map(p -> p.name()).orElse(""))) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the SIMD backend did not restart with " + want + " threads within "
                        + RECONFIGURE_MILLIS / 1000 + " s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return old instanceof Integer i ? i : 0;
    }
}
