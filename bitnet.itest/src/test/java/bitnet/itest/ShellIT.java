package bitnet.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

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

import bitnet.api.io.TensorIO;
import bitnet.api.tensor.Tensor;
import bitnet.api.tensor.TensorFactory;

/**
 * Every shell command through a real Gogo session in Felix, as users type them: help lists and describes each one,
 * hyphenated commands run, bundles are stopped and started by id, paths are named absolutely when they are wrong.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT {
    /** Every command of the platform; help must list exactly these in scope bitnet. */
    static final Set<String> COMMANDS = new TreeSet<>(List.of("bitnet:backends", "bitnet:bench-model",
            "bitnet:chat", "bitnet:convert", "bitnet:decode", "bitnet:demo", "bitnet:encode", "bitnet:generate",
            "bitnet:info", "bitnet:leaks", "bitnet:logits", "bitnet:memory", "bitnet:model-info", "bitnet:npy-info",
            "bitnet:op", "bitnet:policies", "bitnet:precision-plan", "bitnet:quant-info", "bitnet:tokenize-file",
            "bitnet:which", "bitnet:serve", "bitnet:serve-stop"));

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

    private GogoSession shell() throws Exception {
        for (String c : COMMANDS) {
            String[] parts = c.split(":");
            Platform.await(context, "(&(osgi.command.scope=" + parts[0] + ")(osgi.command.function=" + parts[1] + "))",
                    10_000);
        }
        return new GogoSession(context, processor);
    }

    @Test
    public void helpListsEveryCommandWithALineAndDescribesItsParameters() throws Exception {
        try (GogoSession shell = shell()) {
            String help = shell.run("help").ok();
            Set<String> listed = new TreeSet<>();
            for (String line : help.split("\\R")) {
                if (line.startsWith("bitnet:")) {
                    String name = line.split(" ", 2)[0];
                    listed.add(name);
                    assertTrue("no description: " + line, line.matches("bitnet:[a-z-]+ - \\S.{10,}"));
                }
            }
            assertEquals(COMMANDS, listed);
            for (String c : COMMANDS) {
                String one = shell.run("help " + c).ok();
                assertTrue(one, one.startsWith(c + " - "));
                assertTrue(one, one.contains("usage: " + c));
                for (String line : one.split("\\R")) {
                    if (line.startsWith("      ")) {
                        assertTrue("parameter without a description in help " + c + ": " + line,
                                line.strip().matches("\\S+( \\.\\.\\.)?\\s{3}\\S.+"));
                    }
                }
            }
            // Without a scope, as users type it.
            assertTrue(shell.run("help quant-info").ok().startsWith("bitnet:quant-info - "));
            assertTrue(shell.run("help nosuch").errorMessage().contains("no command nosuch"));
        }
    }

    @Test
    public void tokenizeFileRunsInTheShell() throws Exception {
        Path dir = Files.createTempDirectory("bitnet-shell-it");
        Path gpt2 = gunzip("bitnet.tokenizer/src/test/resources/tokenizers/models/gpt2.tokenizer.json.gz",
                dir.resolve("gpt2/tokenizer.json"));
        Files.writeString(dir.resolve("in.jsonl"), "{\"text\":\"Hello world\",\"k\":1}\n{\"text\":\"\\u2028x\"}\n");
        try (GogoSession shell = shell()) {
            String out = shell.run("bitnet:tokenize-file " + gpt2.getParent() + " " + dir.resolve("in.jsonl") + " "
                    + dir.resolve("out.jsonl")).ok();
            assertTrue(out, out.contains("tokenized 2 lines"));
            List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"), StandardCharsets.UTF_8);
            assertEquals(2, lines.size());
            // GPT-2's ids of "Hello world", as Hugging Face gives them.
            assertTrue(lines.get(0), lines.get(0).contains("\"ids\":[15496,995]"));
            assertTrue(lines.get(0), lines.get(0).contains("\"decoded\":\"Hello world\""));
            assertTrue(lines.get(0), lines.get(0).contains("\"k\":1"));
            assertEquals("15496 995\n[Hello, \u0120world]", shell.run("bitnet:encode " + gpt2 + " Hello world").ok());
            assertEquals("Hello world", shell.run("bitnet:decode " + gpt2 + " 15496 995").ok());
            Files.writeString(dir.resolve("bad.jsonl"), "{\"text\":\"ok\"}\n{\"txt\":1}\n");
            String bad = shell.run("bitnet:tokenize-file " + gpt2 + " " + dir.resolve("bad.jsonl") + " "
                    + dir.resolve("o.jsonl")).errorMessage();
            assertTrue(bad, bad.contains("line 2"));
        }
    }

    @Test
    public void bundlesAreStoppedAndStartedByIdAsInTheConsole() throws Exception {
        Bundle simd = Arrays.stream(context.getBundles()).filter(b -> "bitnet.backend.simd".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        try (GogoSession shell = shell()) {
            assertTrue(shell.run("bitnet:which matmul").ok().startsWith("matmul on F32: simd"));
            shell.run("stop " + simd.getBundleId()).ok();
            assertEquals(Bundle.RESOLVED, simd.getState());
            assertTrue(shell.run("bitnet:which matmul").ok().startsWith("matmul on F32: cpu"));
            shell.run("start " + simd.getBundleId()).ok();
            Platform.await(context, "(bitnet.backend.name=simd)", 10_000);
            assertTrue(shell.run("bitnet:which matmul").ok().startsWith("matmul on F32: simd"));
            assertTrue(shell.run("lb bitnet.backend.simd").ok().contains("Active"));
        }
    }

    @Test
    public void wrongPathsAreNamedAbsolutely() throws Exception {
        Path dir = Files.createTempDirectory("bitnet-paths-it");
        Path a = dir.resolve("a.npy");
        try (Tensor t = factory.of(new float[] {1, 2, 3, 4}, 2, 2)) {
            io.writeNpy(a, t);
        }
        Path missing = dir.resolve("nope.npy");
        try (GogoSession shell = shell()) {
            for (String command : List.of("bitnet:op sum " + dir.resolve("o.npy") + " " + missing,
                    "bitnet:npy-info " + missing, "bitnet:quant-info " + missing,
                    "bitnet:convert " + dir.resolve("o.npy") + " " + missing + " f16")) {
                GogoSession.Result r = shell.run(command);
                assertTrue(command, r.failed());
                assertEquals(command, "no such file: " + missing, r.errorMessage());
            }
            GogoSession.Result folder = shell.run("bitnet:op sum " + dir.resolve("no/dir/o.npy") + " " + a);
            assertEquals("no such folder: " + dir.resolve("no/dir") + " (for o.npy)", folder.errorMessage());
            assertTrue(shell.run("bitnet:op sum " + dir.resolve("o.npy") + " " + a + " axis=1").ok()
                    .contains("F32 [2]"));
        }
    }

    @Test
    public void everyOtherCommandRunsAndSaysWhatItDid() throws Exception {
        Path dir = Files.createTempDirectory("bitnet-cmd-it");
        Path w = dir.resolve("w.npy");
        try (Tensor t = factory.randn(bitnet.api.tensor.DType.F32, 3, 8, 64)) {
            io.writeNpy(w, t);
        }
        try (GogoSession shell = shell()) {
            assertTrue(shell.run("bitnet:backends").ok().contains("simd"));
            assertTrue(shell.run("bitnet:info").ok().contains("bitnet.shell"));
            assertTrue(shell.run("bitnet:memory").ok().contains("pool cpu"));
            assertTrue(shell.run("bitnet:leaks").ok().contains("no leaks detected"));
            assertTrue(shell.run("bitnet:policies").ok().contains("balanced"));
            assertTrue(shell.run("bitnet:precision-plan balanced context=64").ok().contains("precision plan 'balanced'"));
            assertTrue(shell.run("bitnet:op").ok().contains("matmul"));
            assertTrue(shell.run("bitnet:convert").ok().contains("usage"));
            assertTrue(shell.run("bitnet:npy-info " + w).ok().contains("shape   (8, 64)"));
            assertTrue(shell.run("bitnet:quant-info " + w).ok().contains("automatic choice"));
            assertTrue(shell.run("bitnet:convert " + dir.resolve("h.npy") + " " + w + " f16").ok().contains("F16"));
        }
    }

    @Test
    public void theDemoRunsEveryBackendAgainstTheReference() throws Exception {
        try (GogoSession shell = shell()) {
            String demo = shell.run("bitnet:demo").ok();
            assertTrue(demo, demo.contains("simd"));
            assertTrue(demo, demo.contains("agree"));
        }
    }

    static Path gunzip(String resource, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path source = Path.of(System.getProperty("bitnet.root"), resource);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(source));
                OutputStream out = Files.newOutputStream(target)) {
            in.transferTo(out);
        }
        return target;
    }
}
