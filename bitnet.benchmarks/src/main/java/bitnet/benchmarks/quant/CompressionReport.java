package bitnet.benchmarks.quant;

import java.util.Locale;

import bitnet.api.quant.PackedTernary;
import bitnet.api.quant.PackingStrategy;
import bitnet.quant.pack.Codecs;
import bitnet.quant.pack.StrategySelector;
import bitnet.quant.pack.TernaryStats;

/**
 * Prints the real size and compression ratio of every packing strategy (and the auto-selector's choice) on a
 * 6912 x 2560 matrix of dense (absmean-quantized Gaussian), 75 %-zero and 90 %-zero ternary weights, checking each round trip.
 * Run: {@code java -cp bitnet.benchmarks/target/benchmarks.jar bitnet.benchmarks.quant.CompressionReport}.
 */
public final class CompressionReport {
    private CompressionReport() {
    }

    /** @param args ignored */
    public static void main(String[] args) {
        int n = 6912 * 2560;
        System.out.println("| data | zeros | strategy | bytes | bits/weight | ratio vs 1 byte/weight |");
        System.out.println("|---|---|---|---|---|---|");
        for (String kind : new String[] {"dense", "sparse 75 %", "sparse 90 %"}) {
            byte[] trits = switch (kind) {
                case "dense" -> WeightData.dense(n, 13);
                case "sparse 75 %" -> WeightData.sparse(n, 0.75, 13);
                default -> WeightData.sparse(n, 0.9, 13);
            };
            TernaryStats stats = TernaryStats.of(trits, 0, n);
            for (PackingStrategy s : PackingStrategy.values()) {
                PackedTernary p = Codecs.of(s).pack(trits);
                if (!java.util.Arrays.equals(trits, Codecs.unpack(p))) {
                    throw new IllegalStateException(s + " did not round-trip");
                }
                System.out.printf(Locale.ROOT, "| %s | %.1f %% | %s | %d | %.3f | %.2f |%n", kind,
                        100 * stats.zeroFraction(), s, p.data().length, p.bitsPerWeight(), p.compressionRatio());
            }
            System.out.printf(Locale.ROOT, "| %s | | auto-selector picks %s | | | |%n", kind,
                    StrategySelector.select(stats));
        }
    }
}
