package bitnet.convert;

import java.util.concurrent.atomic.LongAdder;

import bitnet.api.convert.ConversionMode;
import bitnet.api.convert.ConversionResult;
import bitnet.api.convert.ConversionStats;

/** The engine's statistics; adders, because conversions run concurrently. */
final class Counters {
    private final LongAdder conversions = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder views = new LongAdder();
    private final LongAdder inPlace = new LongAdder();
    private final LongAdder chunks = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    void completed(ConversionResult r) {
        conversions.increment();
        if (r.mode() == ConversionMode.ZERO_COPY) {
            views.increment();
        }
        if (r.mode() == ConversionMode.IN_PLACE) {
            inPlace.increment();
        }
        if (r.mode() == ConversionMode.STREAMING) {
            chunks.add(r.chunks());
        }
        bytesIn.add(r.bytesIn());
        bytesOut.add(r.bytesOut());
        nanos.add(r.nanos());
    }

    void failed() {
        failures.increment();
    }

    ConversionStats snapshot() {
        return new ConversionStats(conversions.sum(), failures.sum(), views.sum(), inPlace.sum(), chunks.sum(),
                bytesIn.sum(), bytesOut.sum(), nanos.sum());
    }
}
