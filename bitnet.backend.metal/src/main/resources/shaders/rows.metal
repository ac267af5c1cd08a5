// Row kernels over contiguous [rows, cols]: softmax, log-softmax, RMSNorm. One threadgroup per row; its width is a
// power of two (RowsLaunch) so the tree reductions in threadgroup memory halve cleanly.
#include <metal_stdlib>
#include "bm_params.h"
using namespace metal;

// Tree reduction of scratch[0, width) into scratch[0]; is_max picks max (NaN-propagating) or sum.
static inline float bm_reduce(threadgroup float* scratch, uint lid, uint width, bool is_max) {
    for (uint half_width = width / 2; half_width > 0; half_width /= 2) {
        threadgroup_barrier(mem_flags::mem_threadgroup);
        if (lid < half_width) {
            float x = scratch[lid];
            float y = scratch[lid + half_width];
            scratch[lid] = is_max ? ((isnan(x) || isnan(y)) ? NAN : max(x, y)) : x + y;
        }
    }
    threadgroup_barrier(mem_flags::mem_threadgroup);
    float result = scratch[0];
    threadgroup_barrier(mem_flags::mem_threadgroup);
    return result;
}

static inline void bm_softmax_row(device const float* x, device float* out, constant bm_rows_params& p,
        threadgroup float* scratch, uint row, uint lid, uint width, bool log_output) {
    device const float* in = x + row * p.cols;
    device float* o = out + row * p.cols;
    float m = -INFINITY;
    for (uint j = lid; j < p.cols; j += width) {
        float v = in[j];
        m = (isnan(v) || v > m) ? v : m;
    }
    scratch[lid] = m;
    m = bm_reduce(scratch, lid, width, true);
    float s = 0.0f;
    for (uint j = lid; j < p.cols; j += width) {
        s += exp(in[j] - m);
    }
    scratch[lid] = s;
    s = bm_reduce(scratch, lid, width, false);
    float log_sum = log(s);
    for (uint j = lid; j < p.cols; j += width) {
        float shifted = in[j] - m;
        o[j] = log_output ? shifted - log_sum : exp(shifted) / s;
    }
}

kernel void bm_softmax_f32(device const float* x [[buffer(0)]], device const float* w [[buffer(1)]],
        device float* out [[buffer(2)]], constant bm_rows_params& p [[buffer(3)]],
        threadgroup float* scratch [[threadgroup(0)]], uint row [[threadgroup_position_in_grid]],
        uint lid [[thread_position_in_threadgroup]], uint width [[threads_per_threadgroup]]) {
    bm_softmax_row(x, out, p, scratch, row, lid, width, false);
}

kernel void bm_log_softmax_f32(device const float* x [[buffer(0)]], device const float* w [[buffer(1)]],
        device float* out [[buffer(2)]], constant bm_rows_params& p [[buffer(3)]],
        threadgroup float* scratch [[threadgroup(0)]], uint row [[threadgroup_position_in_grid]],
        uint lid [[thread_position_in_threadgroup]], uint width [[threads_per_threadgroup]]) {
    bm_softmax_row(x, out, p, scratch, row, lid, width, true);
}

// RMSNorm: out = x / sqrt(mean(x^2) + eps) * weight (weight only when flags bit 0 is set).
kernel void bm_rms_norm_f32(device const float* x [[buffer(0)]], device const float* w [[buffer(1)]],
        device float* out [[buffer(2)]], constant bm_rows_params& p [[buffer(3)]],
        threadgroup float* scratch [[threadgroup(0)]], uint row [[threadgroup_position_in_grid]],
        uint lid [[thread_position_in_threadgroup]], uint width [[threads_per_threadgroup]]) {
    device const float* in = x + row * p.cols;
    device float* o = out + row * p.cols;
    float sq = 0.0f;
    for (uint j = lid; j < p.cols; j += width) {
        sq += in[j] * in[j];
    }
    scratch[lid] = sq;
    sq = bm_reduce(scratch, lid, width, false);
    float inv = 1.0f / sqrt(sq / float(p.cols) + p.eps);
    bool weighted = (p.flags & 1u) != 0;
    for (uint j = lid; j < p.cols; j += width) {
        float v = in[j] * inv;
        o[j] = weighted ? v * w[j] : v;
    }
}
