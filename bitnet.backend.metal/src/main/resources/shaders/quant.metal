// BitNet b1.58 quantization and BitLinear, with the formulas of bitnet.quant (ActivationQuantizer,
// TernaryQuantizer, BitLinear). Compiled with fast math off: rint() rounds half to even and the divisions are IEEE.
#include <metal_stdlib>
#include "bm_params.h"
using namespace metal;

// s = 127 / max(max|x|, 1e-5); xq = clamp(rint(x * s), -128, 127). One threadgroup per token, a power-of-two width.
kernel void bm_quantize_act_i8(device const float* x [[buffer(0)]], device char* xq [[buffer(1)]],
        device float* scales [[buffer(2)]], constant bm_act_quant_params& p [[buffer(3)]],
        threadgroup float* scratch [[threadgroup(0)]], uint token [[threadgroup_position_in_grid]],
        uint lid [[thread_position_in_threadgroup]], uint width [[threads_per_threadgroup]]) {
    device const float* in = x + token * p.dim;
    device char* q = xq + token * p.dim;
    float m = 0.0f;
    for (uint j = lid; j < p.dim; j += width) {
        m = max(m, fabs(in[j]));
    }
    scratch[lid] = m;
    for (uint half_width = width / 2; half_width > 0; half_width /= 2) {
        threadgroup_barrier(mem_flags::mem_threadgroup);
        if (lid < half_width) {
            scratch[lid] = max(scratch[lid], scratch[lid + half_width]);
        }
    }
    threadgroup_barrier(mem_flags::mem_threadgroup);
    float s = 127.0f / max(scratch[0], 1e-5f);
    if (lid == 0) {
        scales[token] = s;
    }
    for (uint j = lid; j < p.dim; j += width) {
        q[j] = char(clamp(rint(in[j] * s), -128.0f, 127.0f));
    }
}

// y[t, r] = float(sum_k W[r, k] * xq[t, k]) * gamma * (1 / s[t]) (+ bias[r]); the integer sum is exact, the float
// steps are in the reference's order. W is the TERNARY tensor's 2-bit codes (01 = +1, 10 = -1, element i in byte
// i / 4 at bit 2 * (i % 4)), read in place. Grid: threads (r, t) (BitLinearLaunch).
kernel void bm_bitlinear_t2_i8(device const uchar* codes [[buffer(0)]], device const char* xq [[buffer(1)]],
        device const float* scales [[buffer(2)]], device const float* gamma [[buffer(3)]],
        device const float* bias [[buffer(4)]], device float* y [[buffer(5)]],
        constant bm_bitlinear_params& p [[buffer(6)]], uint2 pos [[thread_position_in_grid]]) {
    uint r = pos.x;
    uint t = pos.y;
    if (r >= p.out || t >= p.tokens) {
        return;
    }
    int acc = 0;
    uint base = r * p.in;
    device const char* x = xq + t * p.in;
    for (uint k = 0; k < p.in; k++) {
        uint i = base + k;
        uint code = (uint(codes[i >> 2]) >> ((i & 3u) * 2u)) & 3u;
        int v = int(x[k]);
        acc += code == 1u ? v : (code == 2u ? -v : 0);
    }
    float g = (p.flags & 1u) != 0 ? gamma[r] : gamma[0];
    float inv_s = 1.0f / scales[t];
    float v = float(acc) * g * inv_s;
    y[t * p.out + r] = (p.flags & 2u) != 0 ? v + bias[r] : v;
}

// Ternary codes of clamp(rint(w / divisor), -1, 1), divisor = gamma + 1e-5 per scale group (computed on the host
// in double, as TernaryQuantizer does). One thread per output byte, so no two threads write the same byte.
kernel void bm_quantize_ternary_t2(device const float* w [[buffer(0)]], device const float* divisors [[buffer(1)]],
        device uchar* codes [[buffer(2)]], constant bm_ternary_params& p [[buffer(3)]],
        uint byte_index [[thread_position_in_grid]]) {
    uint first = byte_index * 4u;
    if (first >= p.count) {
        return;
    }
    uint packed = 0;
    for (uint j = 0; j < 4u && first + j < p.count; j++) {
        uint i = first + j;
        uint g = (i / p.cols) * p.groups_per_row + (i % p.cols) / p.group;
        float q = clamp(rint(w[i] / divisors[g]), -1.0f, 1.0f);
        packed |= (q > 0.0f ? 1u : (q < 0.0f ? 2u : 0u)) << (2u * j);
    }
    codes[byte_index] = uchar(packed);
}
