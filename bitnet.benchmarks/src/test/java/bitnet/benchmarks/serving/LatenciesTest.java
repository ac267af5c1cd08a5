package bitnet.benchmarks.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatenciesTest {
    @Test
    void percentilesOfOneToHundredMilliseconds() {
        Latencies.Builder b = new Latencies.Builder();
        for (int ms = 100; ms >= 1; ms--) {
            b.add(ms * 1_000_000L);
        }
        b.add(-1); // not measured: skipped
        Latencies l = b.build();
        assertEquals(100, l.count());
        // HdrHistogram keeps 3 significant digits: 50 ms and 99 ms are held exactly at microsecond resolution.
        assertEquals(50.0, l.p50Ms(), 0.05);
        assertEquals(99.0, l.p99Ms(), 0.1);
        assertEquals(100.0, l.maxMs(), 0.1);
    }

    @Test
    void noneMeasuredIsNotANumber() {
        Latencies l = new Latencies.Builder().build();
        assertEquals(0, l.count());
        assertTrue(Double.isNaN(l.p50Ms()));
        assertEquals("-", Latencies.format(l.p99Ms()));
        assertEquals("12.3 ms", Latencies.format(12.34));
        assertEquals("1.50 s", Latencies.format(1500));
    }
}
