// Tiled batched matmul: each 16 x 16 threadgroup computes one 16 x 16 tile of the output, staging 16 x 16 tiles of
// a and b through threadgroup memory. Grid: (ceil(n / 16), ceil(m / 16), batch) threadgroups (MatMulLaunch).
#include <metal_stdlib>
#include "bm_params.h"
using namespace metal;

#define BM_TILE 16

kernel void bm_matmul_f32(device const float* a [[buffer(0)]], device const float* b [[buffer(1)]],
        device float* out [[buffer(2)]], constant bm_matmul_params& p [[buffer(3)]],
        uint3 group [[threadgroup_position_in_grid]], uint3 local [[thread_position_in_threadgroup]]) {
    threadgroup float ta[BM_TILE][BM_TILE];
    threadgroup float tb[BM_TILE][BM_TILE];
    uint row = group.y * BM_TILE + local.y;
    uint col = group.x * BM_TILE + local.x;
    int a_base = p.a_offset + int(group.z) * p.a_strides[0];
    int b_base = p.b_offset + int(group.z) * p.b_strides[0];
    float acc = 0.0f;
    for (uint t = 0; t < p.k; t += BM_TILE) {
        uint ka = t + local.x;
        uint kb = t + local.y;
        ta[local.y][local.x] = (row < p.m && ka < p.k)
                ? a[a_base + int(row) * p.a_strides[1] + int(ka) * p.a_strides[2]] : 0.0f;
        tb[local.y][local.x] = (kb < p.k && col < p.n)
                ? b[b_base + int(kb) * p.b_strides[1] + int(col) * p.b_strides[2]] : 0.0f;
        threadgroup_barrier(mem_flags::mem_threadgroup);
        for (uint i = 0; i < BM_TILE; i++) {
            acc = fma(ta[local.y][i], tb[i][local.x], acc);
        }
        threadgroup_barrier(mem_flags::mem_threadgroup);
    }
    if (row < p.m && col < p.n) {
        out[(group.z * p.m + row) * p.n + col] = acc;
    }
}
