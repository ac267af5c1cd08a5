package bitnet.memory.impl;

/**
 * Keeps the hot fields of a {@link SpinLock} (a stripe, a leak list) off the cache line of the object allocated
 * before it: stripes are allocated one after another, and threads working on neighbouring stripes would
 * otherwise slow each other through false sharing. HotSpot lays out superclass fields first.
 */
abstract class StripePadding {
    long p00;
    long p01;
    long p02;
    long p03;
    long p04;
    long p05;
    long p06;
    long p07;
}
