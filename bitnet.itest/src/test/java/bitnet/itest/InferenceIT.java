package bitnet.itest;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import bitnet.api.dispatch.Dispatcher;
import bitnet.api.inference.ChatMessage;
import bitnet.api.inference.GenerationOptions;
import bitnet.api.inference.GenerationResult;
import bitnet.api.inference.Model;
import bitnet.api.inference.ModelLoader;
import bitnet.api.inference.Session;
import bitnet.api.inference.TokenListener;
import bitnet.api.io.TensorIO;
import bitnet.api.ops.Op;
import bitnet.api.tensor.DType;
import bitnet.api.tensor.Tensor;

/**
 * Running models in Felix: the model commands through a real Gogo session on the tiny test checkpoints (their
 * float64 reference outputs are in bitnet.model/src/test/resources/tiny/reference), and the SIMD bundle stopped in
 * the middle of a greedy generation, which finishes on the CPU backend with the same tokens.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class InferenceIT {
    private static final Path TINY = Path.of(System.getProperty("bitnet.root"), "bitnet.model/src/test/resources/tiny");

    @Inject
    private BundleContext context;
    @Inject
    private CommandProcessor processor;
    @Inject
    private ModelLoader loader;
    @Inject
    private Dispatcher dispatcher;
    @Inject
    private TensorIO io;

    @Configuration
    public Option[] config() {
        return Platform.options();
    }

    private static JsonNode greedy(String model) throws IOException {
        return new ObjectMapper().readTree(TINY.resolve("reference").resolve(model).resolve("greedy.json").toFile());
    }

    private static String join(JsonNode ids, String separator) {
        StringBuilder sb = new StringBuilder();
        ids.forEach(n -> sb.append(sb.isEmpty() ? "" : separator).append(n.asInt()));
        return sb.toString();
    }

    private GogoSession shell(String input) throws Exception {
        for (String f : List.of("model-info", "logits", "generate", "chat", "bench-model")) {
            Platform.await(context, "(&(osgi.command.scope=bitnet)(osgi.command.function=" + f + "))", 10_000);
        }
        return new GogoSession(context, processor, input);
    }

    @Test
    public void modelInfoDescribesEveryLayout() throws Exception {
        try (GogoSession shell = shell("")) {
            String gguf = shell.run("bitnet:model-info " + TINY.resolve("gguf-i2s.gguf")).ok();
            assertTrue(gguf, gguf.contains("architecture   bitnet-b1.58"));
            assertTrue(gguf, gguf.contains("vocab 512, hidden 256, intermediate 512, 2 layers, 4 heads, 2 KV heads"));
            assertTrue(gguf, gguf.contains("I2_S 14"));
            assertTrue(gguf, gguf.contains("LM head        F16 (tied to the embedding)"));
            String hf = shell.run("bitnet:model-info " + TINY.resolve("hf-bitlinear-sharded")).ok();
            assertTrue(hf, hf.contains("(safetensors)"));
            assertTrue(hf, hf.contains("separate LM head"));
            String latent = shell.run("bitnet:model-info " + TINY.resolve("hf-latent-f32")).ok();
            assertTrue(latent, latent.contains("note"));
            String f16 = shell.run("bitnet:model-info " + TINY.resolve("gguf-f16-bitnet25.gguf")).ok();
            assertTrue(f16, f16.contains("architecture   bitnet-25"));
            assertTrue(shell.run("bitnet:memory").ok().contains("gguf-i2s.gguf"));
        }
    }

    @Test
    public void logitsAndGreedyIdsMatchTheReferenceThroughTheShell() throws Exception {
        JsonNode greedy = greedy("model-a");
        Path out = Files.createTempDirectory("bitnet-logits").resolve("l.npy");
        try (GogoSession shell = shell("")) {
            String wrote = shell.run("bitnet:logits " + TINY.resolve("gguf-tq2/model.gguf") + " " + out + " "
                    + join(greedy.get("prompt_ids"), ",")).ok();
            assertEquals("wrote " + out + ": F32 [12, 512]", wrote.strip());
            try (Tensor got = io.readNpy(out);
                    Tensor want = io.readNpy(TINY.resolve("reference/model-a/logits.npy"))) {
                float[] g = got.toFloatArray();
                float[] w = want.toFloatArray();
                for (int i = 0; i < w.length; i++) {
                    assertEquals("logit " + i, w[i], g[i], 2e-4f);
                }
            }
            Path int8 = out.resolveSibling("int8.npy");
            shell.run("bitnet:logits " + TINY.resolve("gguf-tq2/model.gguf") + " " + int8 + " "
                    + join(greedy.get("prompt_ids"), ",") + " lm_head=int8").ok();
            try (Tensor got = io.readNpy(int8);
                    Tensor want = io.readNpy(TINY.resolve("reference/model-a/logits.npy"))) {
                float[] g = got.toFloatArray();
                float[] w = want.toFloatArray();
                float range = 0;
                float worst = 0;
                for (int i = 0; i < w.length; i++) {
                    range = Math.max(range, Math.abs(w[i]));
                    worst = Math.max(worst, Math.abs(w[i] - g[i]));
                }
                // Rows rounded to 1/254 of their largest weight: close to the reference, yet not the F32 head.
                assertTrue("int8 head error " + worst + " of logits up to " + range, worst < 0.02f * range);
                assertTrue("lm_head=int8 changed nothing", worst > 2e-4f);
            }
            String ids = shell.run("bitnet:generate " + TINY.resolve("hf-autobitlinear") + " ids="
                    + join(greedy.get("prompt_ids"), ",") + " temperature=0 max_tokens=10 ignore_eos=true").ok();
            assertEquals(join(greedy.get("generated_ids"), " "), ids.strip());
        }
    }

    @Test
    public void generateStreamsTextAndIsReproducibleBySeed() throws Exception {
        String command = "bitnet:generate " + TINY.resolve("gguf-i2s.gguf") + " \"The quick brown fox\" max_tokens=8 "
                + "seed=7 temperature=1 ignore_eos=true";
        try (GogoSession shell = shell("")) {
            String first = shell.run(command).ok();
            String second = shell.run(command).ok();
            // The text before the last line (counts and speeds, which vary) is the same for the same seed.
            assertEquals(first.substring(0, first.lastIndexOf("\nprompt ")),
                    second.substring(0, second.lastIndexOf("\nprompt ")));
            assertTrue(first, first.matches("(?s).*\\nprompt \\d+ tokens \\(.* tokens/s\\), generated 8 tokens \\(.* "
                    + "tokens/s\\), max_tokens reached\\s*"));
            GogoSession.Result bad = shell.run("bitnet:generate " + TINY.resolve("gguf-i2s.gguf") + " hi top_p=2");
            assertTrue(bad.errorMessage(), bad.errorMessage().contains("top_p must be in (0, 1]"));
            GogoSession.Result unknown = shell.run("bitnet:generate " + TINY.resolve("gguf-i2s.gguf") + " hi topp=2");
            assertTrue(unknown.errorMessage(), unknown.errorMessage().contains("unknown option 'topp'"));
            GogoSession.Result tooLong = shell.run("bitnet:generate " + TINY.resolve("gguf-i2s.gguf")
                    + " hi max_tokens=500");
            assertTrue(tooLong.errorMessage(), tooLong.errorMessage().contains("more than the context of 128"));
        }
    }

    @Test
    public void chatReadsTurnsFromTheKeyboardAndKeepsTheCache() throws Exception {
        try (GogoSession shell = shell("Hello there\n\nAnd again?\n/exit\n")) {
            String out = shell.run("bitnet:chat " + TINY.resolve("hf-autobitlinear") + " max_tokens=6 seed=2 "
                    + "'system=Be brief'").ok();
            assertTrue(out, out.contains("2 turn(s)"));
            assertEquals("a prompt per line read: " + out, 4, out.split("> ", -1).length - 1);
        }
        try (Model model = loader.load(TINY.resolve("hf-autobitlinear")); Session s = model.newSession()) {
            GenerationOptions o = GenerationOptions.greedy().withMaxTokens(4);
            GenerationResult first = s.chat(List.of(ChatMessage.user("Hello there")), o, TokenListener.NONE);
            GenerationResult second = s.chat(List.of(ChatMessage.user("And again?")), o, TokenListener.NONE);
            int whole = model.encodeChat(s.history(), false).length;
            assertTrue("the second turn feeds only what is new: " + second.promptTokens() + " of " + whole,
                    second.promptTokens() < whole - first.promptTokens());
            assertEquals(4, s.history().size());
        }
    }

    @Test
    public void benchModelPrintsALlamaBenchTable() throws Exception {
        try (GogoSession shell = shell("")) {
            String table = shell.run("bitnet:bench-model " + TINY.resolve("gguf-i2s.gguf")
                    + " prompt=16 gen=8 reps=2").ok();
            assertTrue(table, table.contains("| model"));
            assertTrue(table, table.matches("(?s).*\\| +pp16 \\| +\\d+\\.\\d+ ± \\d+\\.\\d+ \\|.*"));
            assertTrue(table, table.matches("(?s).*\\| +tg8 \\| +\\d+\\.\\d+ ± \\d+\\.\\d+ \\|.*"));
            assertTrue(table, table.contains("simd"));
        }
    }

    @Test
    public void stoppingSimdMidGenerationFinishesOnCpuWithTheSameTokens() throws Exception {
        JsonNode greedy = greedy("model-a");
        int[] prompt = new int[greedy.get("prompt_ids").size()];
        Arrays.setAll(prompt, i -> greedy.get("prompt_ids").get(i).asInt());
        int[] want = new int[greedy.get("generated_ids").size()];
        Arrays.setAll(want, i -> greedy.get("generated_ids").get(i).asInt());
        Bundle simd = Arrays.stream(context.getBundles()).filter(b -> "bitnet.backend.simd".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        assertEquals("simd", dispatcher.plan(Op.BITLINEAR, DType.F32).chosen().orElseThrow().name());
        CountDownLatch thirdToken = new CountDownLatch(1);
        AtomicReference<Throwable> stopError = new AtomicReference<>();
        Thread stopper = new Thread(() -> {
            try {
                thirdToken.await();
                simd.stop();
            } catch (Throwable t) {
                stopError.set(t);
            }
        }, "stop-simd");
        stopper.start();
        try (Model model = loader.load(TINY.resolve("gguf-i2s.gguf")); Session s = model.newSession()) {
            int[] count = {0};
            GenerationResult r = s.generate(prompt, GenerationOptions.greedy().withMaxTokens(want.length)
                    .withIgnoreStopTokens(true), (id, text) -> {
                        if (++count[0] == 3) {
                            thirdToken.countDown();
                        }
                        return true;
                    });
            stopper.join(TimeUnit.SECONDS.toMillis(30));
            assertEquals(null, stopError.get());
            assertEquals(Bundle.RESOLVED, simd.getState());
            assertEquals("cpu", dispatcher.plan(Op.BITLINEAR, DType.F32).chosen().orElseThrow().name());
            assertArrayEquals(want, r.tokens());
        } finally {
            simd.start();
            Platform.await(context, "(bitnet.backend.name=simd)", 10_000);
        }
    }
}
