package bitnet.api.convert;

/**
 * Counters of a {@link ConversionEngine} since it started.
 *
 * @param conversions conversions that completed (a batch counts each tensor)
 * @param failures conversions refused or failed
 * @param views conversions answered with a view (zero-copy)
 * @param inPlace conversions done in the source's memory
 * @param chunks chunks processed in streaming mode
 * @param bytesIn source bytes read
 * @param bytesOut target bytes written
 * @param nanos total wall time of completed conversions
 */
public record ConversionStats(long conversions, long failures, long views, long inPlace, long chunks, long bytesIn,
        long bytesOut, long nanos) {

    /** @return bytes read per second of conversion time, 0 before any conversion */
    public double bytesInPerSecond() {
        return nanos == 0 ? 0 : bytesIn * 1e9 / nanos;
    }
}
