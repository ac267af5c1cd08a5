package bitnet.benchmarks.tokenizer;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import bitnet.api.tokenizer.Tokenizer;
import bitnet.tokenizer.pipeline.Tokenizers;

/**
 * Single-threaded encode of all of bench.txt (7.86 MB) per operation, without special tokens: ids, tokens and
 * offsets, as Hugging Face's encode computes them. MB/s = 7.863677 / (seconds per operation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TokenizerEncodeBenchmark {
    @Param({"llama3", "mistral", "gpt2", "bert-base-uncased"})
    public String tokenizer;

    private Tokenizer tok;
    private List<String> chunks;

    @Setup
    public void setup() throws IOException {
        tok = Tokenizers.load(BenchText.root().resolve("models").resolve(tokenizer));
        chunks = BenchText.chunks();
    }

    /** @return the number of tokens, so the work is not optimized away */
    @Benchmark
    public long encodeBenchTxt() {
        long n = 0;
        for (String c : chunks) {
            n += tok.encode(c, false).length();
        }
        return n;
    }
}
