// Element-wise kernels: binary, comparison, unary, activation, clamp, where. One thread per output element; the
// host sizes the grid (ElementwiseLaunch) and passes shapes and strides, so broadcast and strided operands need
// no copy into a contiguous layout.
#include <metal_stdlib>
#include "bm_params.h"
using namespace metal;

static inline int bm_ew_offset(constant bm_ew_params& p, int operand, uint gid) {
    int off = p.offsets[operand];
    uint rest = gid;
    for (int d = p.rank - 1; d >= 0; d--) {
        uint extent = uint(p.shape[d]);
        off += int(rest % extent) * p.strides[operand][d];
        rest /= extent;
    }
    return off;
}

// Numerical Recipes erfc (fractional error < 1.2e-7), the CPU reference's formula, in float.
static inline float bm_erfc(float x) {
    float z = fabs(x);
    float t = 1.0f / (1.0f + 0.5f * z);
    float ans = t * exp(-z * z - 1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f
            + t * (-0.18628806f + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f + t * (-0.82215223f
            + t * 0.17087277f)))))))));
    return x >= 0.0f ? ans : 2.0f - ans;
}

// NumPy remainder: the sign of the divisor, NaN for a zero divisor.
static inline float bm_remainder(float x, float y) {
    if (y == 0.0f) {
        return NAN;
    }
    float m = fmod(x, y);
    if (m != 0.0f) {
        if ((y < 0.0f) != (m < 0.0f)) {
            m += y;
        }
    } else {
        m = copysign(0.0f, y);
    }
    return m;
}

// Math.pow for a negative base and an integral exponent; Metal's pow is NaN for every negative base.
static inline float bm_pow(float x, float y) {
    if (x < 0.0f && y == trunc(y)) {
        float r = pow(-x, y);
        return fmod(fabs(y), 2.0f) == 1.0f ? -r : r;
    }
    return pow(x, y);
}

// NaN-propagating maximum and minimum (NumPy maximum/minimum; Metal's fmax drops NaN).
static inline float bm_max(float x, float y) {
    return isnan(x) || isnan(y) ? NAN : max(x, y);
}

static inline float bm_min(float x, float y) {
    return isnan(x) || isnan(y) ? NAN : min(x, y);
}

#define BM_BINARY(NAME, EXPR)                                                                                  \
kernel void bm_binary_##NAME##_f32(device const float* a [[buffer(0)]], device const float* b [[buffer(1)]],  \
        device float* out [[buffer(2)]], constant bm_ew_params& p [[buffer(3)]],                               \
        uint gid [[thread_position_in_grid]]) {                                                                \
    if (gid >= p.count) {                                                                                      \
        return;                                                                                                \
    }                                                                                                          \
    float x = a[bm_ew_offset(p, 0, gid)];                                                                      \
    float y = b[bm_ew_offset(p, 1, gid)];                                                                      \
    out[gid] = (EXPR);                                                                                         \
}

BM_BINARY(add, x + y)
BM_BINARY(sub, x - y)
BM_BINARY(mul, x * y)
BM_BINARY(div, x / y)
BM_BINARY(remainder, bm_remainder(x, y))
BM_BINARY(pow, bm_pow(x, y))
BM_BINARY(maximum, bm_max(x, y))
BM_BINARY(minimum, bm_min(x, y))
BM_BINARY(eq, x == y ? 1.0f : 0.0f)
BM_BINARY(ne, x != y ? 1.0f : 0.0f)
BM_BINARY(lt, x < y ? 1.0f : 0.0f)
BM_BINARY(le, x <= y ? 1.0f : 0.0f)
BM_BINARY(gt, x > y ? 1.0f : 0.0f)
BM_BINARY(ge, x >= y ? 1.0f : 0.0f)

#define BM_UNARY(NAME, EXPR)                                                                                   \
kernel void bm_unary_##NAME##_f32(device const float* a [[buffer(0)]], device float* out [[buffer(1)]],       \
        constant bm_ew_params& p [[buffer(2)]], uint gid [[thread_position_in_grid]]) {                        \
    if (gid >= p.count) {                                                                                      \
        return;                                                                                                \
    }                                                                                                          \
    float x = a[bm_ew_offset(p, 0, gid)];                                                                      \
    out[gid] = (EXPR);                                                                                         \
}

BM_UNARY(neg, -x)
BM_UNARY(abs, fabs(x))
BM_UNARY(sqrt, sqrt(x))
BM_UNARY(rsqrt, 1.0f / sqrt(x))
BM_UNARY(exp, exp(x))
BM_UNARY(log, log(x))
BM_UNARY(relu, x > 0.0f || isnan(x) ? x : 0.0f)
BM_UNARY(relu2, x > 0.0f || isnan(x) ? x * x : 0.0f)
BM_UNARY(gelu, 0.5f * x * bm_erfc(-x * 0.70710678f))
BM_UNARY(gelu_tanh, 0.5f * x * (1.0f + tanh(0.79788456f * (x + 0.044715f * x * x * x))))
BM_UNARY(silu, x / (1.0f + exp(-x)))
BM_UNARY(sigmoid, 1.0f / (1.0f + exp(-x)))
BM_UNARY(tanh, tanh(x))
// Bounds that are NaN mean "none"; a NaN input fails both comparisons and stays NaN.
BM_UNARY(clamp, (!isnan(p.lo) && x < p.lo) ? p.lo : ((!isnan(p.hi) && x > p.hi) ? p.hi : x))

kernel void bm_where_f32(device const float* mask [[buffer(0)]], device const float* x [[buffer(1)]],
        device const float* y [[buffer(2)]], device float* out [[buffer(3)]], constant bm_ew_params& p [[buffer(4)]],
        uint gid [[thread_position_in_grid]]) {
    if (gid >= p.count) {
        return;
    }
    out[gid] = mask[bm_ew_offset(p, 0, gid)] != 0.0f ? x[bm_ew_offset(p, 1, gid)] : y[bm_ew_offset(p, 2, gid)];
}
