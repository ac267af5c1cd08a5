package bitnet.benchmarks.tokenizer;

import java.nio.file.Path;
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

/** Time to load a tokenizer.json (parse, vocabulary, merges), LLaMA-3's 9 MB file by default. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TokenizerLoadBenchmark {
    @Param({"llama3"})
    public String tokenizer;

    private Path dir;

    @Setup
    public void setup() {
        dir = BenchText.root().resolve("models").resolve(tokenizer);
    }

    /** @return the tokenizer, so loading is not optimized away */
    @Benchmark
    public Tokenizer load() {
        return Tokenizers.load(dir);
    }
}
