/**
 * Helpers shared by the test sources of several modules, one copy each: {@link bitnet.testsupport.FuzzContract}
 * (what every fuzz target asserts about an input), {@link bitnet.testsupport.MeteredPool} (a pool that counts the
 * bytes asked of it) and {@link bitnet.testsupport.QuantGolden} (the NumPy quantization golden cases). Modules use
 * this jar with {@code <scope>test</scope>} only; it is no bundle and never part of the platform.
 */
package bitnet.testsupport;
