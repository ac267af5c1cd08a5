package bitnet.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.junit.FuzzTest;

import bitnet.api.inference.GenerationOptions;
import bitnet.api.tensor.Tensor;
import bitnet.backend.cpu.CpuBackend;
import bitnet.core.dispatch.RankedDispatcher;
import bitnet.core.dispatch.Registration;
import bitnet.core.ops.DispatchingTensorOps;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.memory.impl.PoolSettings;
import bitnet.numpy.NpyTensorIO;
import bitnet.testsupport.FuzzContract;

/**
 * Fuzzes the shell's {@code name=value} argument parsing: {@link GenerationArguments} (bitnet:generate, bitnet:chat),
 * {@link ConvertArguments} (bitnet:convert) and the parameters of {@link OpCommand} (bitnet:op, on small .npy
 * inputs). Input: the low two bits of byte 0 pick the parser (0, 1, else bitnet:op), bits 2-3 how many inputs
 * bitnet:op gets (one to three); the rest is UTF-8 text, one argument a line (for bitnet:convert the first line is the dtype, for
 * bitnet:op the operation). The
 * contract of {@link FuzzContract}, where a shell command's user error is an IllegalArgumentException with a
 * message (the Gogo convention) — but never a bare NumberFormatException, whose message names no option — and
 * bitnet:op may also fail with the IOException it declares; after bitnet:op the pool has every byte back.
 * Seeds: documented argument lists; found inputs are in {@code ShellArgumentsFuzzTestInputs/fuzz}.
 */
class ShellArgumentsFuzzTest {
    private static final HybridMemoryPool POOL = HybridMemoryPool.create(PoolSettings.defaults().withLimit(64 << 20));
    private static final PooledTensorFactory FACTORY = new PooledTensorFactory(POOL);
    private static final NpyTensorIO IO = new NpyTensorIO(FACTORY);
    private static final OpCommand OP = new OpCommand(new DispatchingTensorOps(
            new RankedDispatcher(() -> List.of(new Registration(new CpuBackend(), 40, 1))), FACTORY), IO);
    private static final long HEAP_PER_BYTE = 1024;

    @TempDir
    static Path dir;
    private static List<String> inputs;

    static Stream<byte[]> seeds() {
        return Stream.of(
                seed(0, "max_tokens=16\ntemperature=0.7\ntop_k=40\ntop_p=0.9\nmin_p=0.05\nseed=42\nstop=</s>\nstop=\\n"),
                seed(0, "repeat_penalty=1.1\nrepeat_last_n=64\npresence_penalty=0.5\nfrequency_penalty=0.2\nkv=f16"),
                seed(0, "ids=1, 2,3\nignore_eos=true\nchat=yes\nsystem=be brief\nlm_head=f32"),
                seed(1, "ternary\nstrategy=qa\nmode=zero-copy\nchunk=4096\nseed=7"),
                seed(1, "bf16\npreset=low-memory\nstrategy=scaled"),
                seed(2, "sum\naxis=1\nkeepdims=true\nddof=0"),
                seed(2, "reshape\nshape=3,2"),
                seed(2 + (1 << 2), "add"),
                seed(2, "gelu\napproximate=tanh"),
                seed(2, "split\nsections=3\naxis=1"),
                seed(2 + (2 << 2), "concat\naxis=-1"),
                seed(2, "clamp\nmin=-1\nmax=1.5"));
    }

    private static byte[] seed(int head, String lines) {
        byte[] text = lines.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[text.length + 1];
        out[0] = (byte) head;
        System.arraycopy(text, 0, out, 1, text.length);
        return out;
    }

    @MethodSource("seeds")
    @FuzzTest
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fuzz(byte[] input) throws IOException {
        parses(input);
    }

    /** The seeds are accepted: the fuzzer starts from argument lists that reach every option's parsing. */
    @Test
    void seedsParse() throws IOException {
        for (byte[] seed : seeds().toList()) {
            assertTrue(parses(seed), () -> "a seed is refused: " + new String(seed, StandardCharsets.UTF_8));
        }
    }

    /** @return whether the arguments were accepted */
    private static boolean parses(byte[] input) throws IOException {
        if (input.length == 0) {
            return false;
        }
        List<String> args = new String(input, 1, input.length - 1, StandardCharsets.UTF_8).lines().toList();
        int parser = input[0] & 3;
        boolean accepted = FuzzContract.holds(input.length, HEAP_PER_BYTE, () -> {
            try {
                switch (parser) {
                    case 0 -> generation(args);
                    case 1 -> convert(args);
                    default -> op(args, 1 + (input[0] >> 2 & 3) % 3);
                }
            } catch (NumberFormatException e) {
                throw new AssertionError("a bare NumberFormatException reached the user", e);
            }
        }, IllegalArgumentException.class, IOException.class);
        assertEquals(0, POOL.stats().bytesInUse(), "pool bytes in use after the input");
        return accepted;
    }

    private static void generation(List<String> args) {
        GenerationArguments parsed = GenerationArguments.parse(args, GenerationArguments.NAMES);
        parsed.options(GenerationOptions.defaults());
        parsed.kv(null);
        parsed.bool("chat");
        parsed.bool("ignore_eos");
        if (parsed.has("ids")) {
            parsed.ids("ids");
        }
    }

    /** The first line is the target dtype, the rest the options. */
    private static void convert(List<String> args) {
        if (args.isEmpty()) {
            return;
        }
        ConvertArguments.dtype(args.get(0));
        ConvertArguments.options(args.subList(1, args.size()).toArray(String[]::new));
    }

    /** Only the name=value parameters are fuzzed: an argument the command would take for an input file is dropped. */
    private static void op(List<String> args, int inputCount) throws IOException {
        if (args.isEmpty()) {
            return;
        }
        List<String> all = new ArrayList<>(inputs().subList(0, inputCount));
        for (String a : args.subList(1, args.size())) {
            if (a.indexOf('=') > 0 && !a.endsWith(".npy")) {
                all.add(a);
            }
        }
        OP.op(args.get(0), dir.resolve("out.npz").toString(), all.toArray(String[]::new));
    }

    private static List<String> inputs() throws IOException {
        if (inputs == null) {
            List<String> files = new ArrayList<>();
            float[][] data = {{1, 2, 3, 4, 5, 6}, {0.5f, -1, 2, 0, 1, 3}, {-2, 1, 0, 4, 2, 1}};
            for (int i = 0; i < data.length; i++) {
                Path p = dir.resolve("in" + i + ".npy");
                try (Tensor t = FACTORY.of(data[i], 2, 3)) {
                    IO.writeNpy(p, t);
                }
                files.add(p.toString());
            }
            inputs = files;
        }
        return inputs;
    }
}
