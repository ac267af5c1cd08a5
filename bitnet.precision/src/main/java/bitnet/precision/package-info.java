/**
 * Mixed-precision policies and the precision manager. Private: other bundles use {@code bitnet.api.precision}.
 */
package bitnet.precision;
