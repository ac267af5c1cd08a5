package bitnet.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.io.TensorIO;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/**
 * Runs every shell example of README.md and docs/*.md ({@link DocExamples}) through a real Gogo session in Felix,
 * in document order, each document in its own folder: paths in an example are mapped into that folder (a relative
 * {@code a.npy} to {@code FOLDER/rel/a.npy}, an absolute {@code /tmp/x.npy} to {@code FOLDER/abs/tmp/x.npy}), and
 * the inputs an example needs are made first from the fixtures below. An example passes when it succeeds, or fails
 * with the error the document shows; under a prompt, the first line it prints must match the document's (numbers
 * aside, since timings vary). An example whose input no fixture makes fails with its file and line: add a fixture.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DocExamplesIT {
    private static final Pattern PATH = Pattern.compile(
            "^(/[\\w.-]+(/[\\w.-]+)*|[\\w.-]+(/[\\w.-]+)+|[\\w.-]+\\.(npy|npz|jsonl|json|txt|gguf|gosh|safetensors))$");
    private static final Pattern TOKEN = Pattern.compile("'[^']*'|\"[^\"]*\"|\\S+");

    @Inject
    private BundleContext context;
    @Inject
    private CommandProcessor processor;
    @Inject
    private TensorFactory factory;
    @Inject
    private TensorIO io;

    @Configuration
    public Option[] config() {
        return Platform.options();
    }

    /** What a fixture writes, given the absolute path it goes to. */
    @FunctionalInterface
    private interface Fixture {
        void make(Path target) throws Exception;
    }

    private Map<String, Fixture> fixtures() {
        Map<String, Fixture> f = new LinkedHashMap<>();
        // README: F32 arrays whose shapes fit every example that uses them (matmul a·b, int4 groups of 32 over x's
        // rows, split of x's 6 rows in 3, bitlinear of t [8, 64] over x [6, 64]).
        f.put("a.npy", p -> gaussian(p, DType.F32, 1, 1, 4, 3));
        f.put("b.npy", p -> gaussian(p, DType.F32, 2, 1, 3, 2));
        f.put("x.npy", p -> gaussian(p, DType.F32, 3, 1, 6, 64));
        f.put("w.npy", p -> gaussian(p, DType.F32, 4, 0.05, 8, 64));
        f.put("t.npy", p -> ternary(p, 5, 8, 64));
        f.put("gamma.npy", p -> write(p, factory.of(new float[] {0.05f}, 1)));
        // docs/conversion.md
        f.put("/tmp/convert-w.npy", p -> gaussian(p, DType.F32, 7, 0.05, 256, 384));
        // docs/linalg-dispatch.md: a 4 x 3, spd 3 x 3, b 3 x 2, b4 a vector of 4, stack 2 x 3 x 3 whose first matrix
        // is not positive definite.
        f.put("/tmp/lr-demo/a.npy", p -> gaussian(p, DType.F64, 8, 1, 4, 3));
        f.put("/tmp/lr-demo/spd.npy", p -> write(p, f64(new double[] {4, 1, 0, 1, 3, 1, 0, 1, 2}, 3, 3)));
        f.put("/tmp/lr-demo/b.npy", p -> gaussian(p, DType.F64, 9, 1, 3, 2));
        f.put("/tmp/lr-demo/b4.npy", p -> gaussian(p, DType.F64, 10, 1, 4));
        f.put("/tmp/lr-demo/stack.npy", p -> write(p, f64(new double[] {-1, 0, 0, 0, 1, 0, 0, 0, 1, 2, 1, 0, 1, 2, 1,
            0, 1, 2}, 2, 3, 3)));
        // docs/numpy.md: NumPy's own big-endian Fortran-order file.
        f.put("data/x.npy", p -> Files.copy(root().resolve("bitnet.numpy/src/test/resources/npy/f64_be_fortran_4x3.npy"), p));
        // docs/tokenizer.md: the LLaMA-3 tokenizer, and the same with the post-processor that adds BOS.
        f.put("models/llama3", p -> ShellIT.gunzip("bitnet.tokenizer/src/test/resources/tokenizers/models/"
                + "llama3.tokenizer.json.gz", p.resolve("tokenizer.json")));
        f.put("models/llama3-bos", this::llama3Bos);
        f.put("in.jsonl", p -> Files.writeString(p, "{\"text\":\"Hello world\"}\n{\"text\":\"Grüße, 世界 😀\"}\n"));
        // README's model: a small checkpoint with the real LLaMA-3 vocabulary and the 2B4T chat template, written
        // now (Llama3VocabModel); the GGUF file is the tiny I2_S test checkpoint.
        f.put("models/bitnet-b1.58-2B-4T", p -> {
            Path tokenizer = Files.createTempDirectory("llama3-bos");
            llama3Bos(tokenizer);
            Llama3VocabModel.write(p, tokenizer.resolve("tokenizer.json"));
        });
        f.put("models/bitnet-b1.58-2B-4T-gguf/ggml-model-i2_s.gguf", p -> Files.copy(root().resolve(
                "bitnet.model/src/test/resources/tiny/gguf-i2s.gguf"), p));
        return f;
    }

    @Test
    public void everyExampleOfReadmeAndDocsRunsAsDocumented() throws Exception {
        Map<String, Fixture> fixtures = fixtures();
        List<String> failures = new ArrayList<>();
        int run = 0;
        try (GogoSession shell = new GogoSession(context, processor)) {
            for (Path doc : DocExamples.documents()) {
                Path folder = Files.createTempDirectory("bitnet-doc-" + doc.getFileName());
                for (DocExamples.Example e : DocExamples.of(doc)) {
                    awaitCommand(e.command());
                    String line = mapPaths(e.command(), folder, fixtures);
                    GogoSession.Result r = shell.run(line);
                    run++;
                    String problem = check(e, r, folder);
                    if (problem != null) {
                        failures.add(e + "\n    " + problem);
                    }
                }
            }
        }
        assertTrue("the documents hold examples", run >= 40);
        if (!failures.isEmpty()) {
            fail(failures.size() + " documented example(s) do not run as documented:\n" + String.join("\n", failures));
        }
    }

    @Test
    public void theExtractorFindsExamplesAndSkipsSynopses() throws Exception {
        Path doc = Files.createTempFile("doc", ".md");
        Files.writeString(doc, String.join("\n", "```sh", "./bitnet demo    # the demo",
                "./bitnet serve models/m.gguf port=8080", "./bitnet bitnet:op  # list",
                "```", "```", "$ ./bitnet bitnet:which matmul", "matmul on F32: simd", "g! bitnet:npy-info a.npy",
                "bitnet:convert OUT.npy IN.npy DTYPE [strategy=direct]", "bitnet:op bitlinear y.npy t.npy g.npy x.npy "
                + "[bias.npy]", "bitnet:op cholesky l.npy bad.npy", "  error: ... not positive definite", "```", "```java",
                "bitnet:op ignored", "```", "```yaml", "bitnet:op ignored", "```", "```js", "bitnet:op ignored", "```"));
        List<DocExamples.Example> examples = DocExamples.of(doc);
        assertEquals(List.of("bitnet:op", "bitnet:which matmul", "bitnet:npy-info a.npy",
                "bitnet:op bitlinear y.npy t.npy g.npy x.npy", "bitnet:op cholesky l.npy bad.npy"),
                examples.stream().map(DocExamples.Example::command).toList());
        assertEquals(List.of("matmul on F32: simd"), examples.get(1).shownOutput());
        assertTrue(examples.get(1).prompted());
        assertFalse(examples.get(0).prompted());
        assertEquals("not positive definite", examples.get(4).shownError());
        assertEquals("wrote # files in # ms", DocExamples.normalized("wrote 12 files  in 3.25 ms"));
    }

    private static String check(DocExamples.Example e, GogoSession.Result r, Path folder) {
        if (e.shownError() != null) {
            if (!r.failed()) {
                return "the document shows the error '" + e.shownError() + "' but it succeeded";
            }
            String got = DocExamples.normalized(unmap(r.errorMessage(), folder));
            return got.contains(DocExamples.normalized(e.shownError())) ? null
                    : "failed with '" + unmap(r.errorMessage(), folder) + "', the document shows '" + e.shownError() + "'";
        }
        if (r.failed()) {
            return "failed: " + unmap(r.errorMessage(), folder);
        }
        String output = unmap(r.output(), folder).strip();
        if (e.prompted() && !e.shownOutput().isEmpty() && !e.shownOutput().get(0).isEmpty()) {
            String shown = DocExamples.normalized(e.shownOutput().get(0));
            String first = DocExamples.normalized(output.split("\\R", 2)[0]);
            if (!first.startsWith(shown)) {
                return "prints '" + output.split("\\R", 2)[0] + "', the document shows '" + e.shownOutput().get(0) + "'";
            }
        }
        return output.isEmpty() ? "printed nothing" : null;
    }

    private static String unmap(String text, Path folder) {
        return text == null ? "" : text.replace(folder.resolve("rel") + "/", "").replace(folder.resolve("abs").toString(), "");
    }

    private String mapPaths(String command, Path folder, Map<String, Fixture> fixtures) throws Exception {
        StringBuilder sb = new StringBuilder();
        Matcher m = TOKEN.matcher(command);
        while (m.find()) {
            String token = m.group();
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            if (!PATH.matcher(token).matches() || token.startsWith("bitnet:")) {
                sb.append(token);
                continue;
            }
            Path target = token.startsWith("/") ? folder.resolve("abs" + token) : folder.resolve("rel").resolve(token);
            Files.createDirectories(target.getParent());
            Fixture fixture = fixtures.get(token);
            if (fixture != null && !Files.exists(target)) {
                fixture.make(target);
            }
            sb.append(target);
        }
        return sb.toString();
    }

    private void awaitCommand(String command) throws Exception {
        String word = command.split("\\s+", 2)[0];
        if (word.startsWith("bitnet:")) {
            Platform.await(context, "(&(osgi.command.scope=bitnet)(osgi.command.function=" + word.substring(7) + "))",
                    10_000);
        }
    }

    private void gaussian(Path p, DType dtype, long seed, double scale, long... shape) throws IOException {
        Random r = new Random(seed);
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian() * scale;
        }
        write(p, dtype == DType.F64 ? f64(v, shape) : f32(v, shape));
    }

    private void ternary(Path p, long seed, long rows, long cols) throws IOException {
        Random r = new Random(seed);
        byte[] v = new byte[(int) (rows * cols)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (r.nextInt(3) - 1);
        }
        write(p, factory.of(v, rows, cols));
    }

    private Tensor f32(double[] v, long... shape) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return factory.of(f, shape);
    }

    private Tensor f64(double[] v, long... shape) {
        Tensor d = factory.empty(DType.F64, shape);
        MemorySegment.copy(v, 0, d.segment(), ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, v.length);
        return d;
    }

    private void write(Path p, Tensor t) throws IOException {
        try (t) {
            io.writeNpy(p, t);
        }
    }

    private void llama3Bos(Path folder) throws IOException {
        Path plain = ShellIT.gunzip("bitnet.tokenizer/src/test/resources/tokenizers/models/llama3.tokenizer.json.gz",
                folder.resolve("plain.json"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode tokenizer = (ObjectNode) json.readTree(plain.toFile());
        tokenizer.set("post_processor", json.readTree(root().resolve(
                "bitnet.tokenizer/src/test/resources/tokenizers/models/llama3-bos.post_processor.json").toFile()));
        json.writeValue(folder.resolve("tokenizer.json").toFile(), tokenizer);
        Files.delete(plain);
    }

    private static Path root() {
        return Path.of(System.getProperty("bitnet.root"));
    }
}
