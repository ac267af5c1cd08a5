// Parameter blocks of the bitnet Metal kernels, bound with setBytes after the buffers. The Java side writes the
// same layouts (bitnet.backend.metal.kernel.ParamBlocks); every field is 4 bytes, so the C and Metal layouts are
// the field order times 4 with no padding. A change here needs the same change there.
#ifndef BM_PARAMS_H
#define BM_PARAMS_H

#define BM_MAX_RANK 8

// Element-wise kernels: output element gid (row-major, contiguous) reads operand k at
// offsets[k] + sum_d index_d(gid) * strides[k][d].
struct bm_ew_params {
    uint count;                      // 0   output elements
    int rank;                        // 4
    int shape[BM_MAX_RANK];          // 8
    int strides[3][BM_MAX_RANK];     // 40  elements, per operand, 0 for broadcast axes
    int offsets[3];                  // 136 elements from the bound buffer offset, per operand
    float lo;                        // 148 clamp bounds (NaN: none)
    float hi;                        // 152
    uint reserved;                   // 156 -> 160 bytes
};

// Batched matmul: out[b, i, j] = sum_k a[b, i, k] * b[b, k, j]; out contiguous [batch, m, n].
struct bm_matmul_params {
    uint batch;                      // 0
    uint m;                          // 4
    uint n;                          // 8
    uint k;                          // 12
    int a_strides[3];                // 16 batch, row, column
    int b_strides[3];                // 28
    int a_offset;                    // 40
    int b_offset;                    // 44 -> 48 bytes
};

// Row kernels (softmax, log-softmax, RMSNorm) over contiguous [rows, cols]; one threadgroup per row.
struct bm_rows_params {
    uint rows;                       // 0
    uint cols;                       // 4
    float eps;                       // 8
    uint flags;                      // 12 bit 0: weight bound -> 16 bytes
};

// Per-token int8 activation quantization over contiguous [tokens, dim]; one threadgroup per token.
struct bm_act_quant_params {
    uint tokens;                     // 0
    uint dim;                        // 4 -> 8 bytes
};

// BitLinear: y[t, r] = (sum_k W[r, k] * xq[t, k]) * gamma * (1 / s[t]) (+ bias[r]).
struct bm_bitlinear_params {
    uint tokens;                     // 0
    uint out;                        // 4
    uint in;                         // 8
    uint flags;                      // 12 bit 0: gamma per output row, bit 1: bias bound -> 16 bytes
};

// Ternary weight quantization: codes of w / divisor[group(i)], four per byte.
struct bm_ternary_params {
    uint count;                      // 0  weights
    uint cols;                       // 4  weights per row
    uint group;                      // 8  columns per scale group
    uint groups_per_row;             // 12 -> 16 bytes
};

#endif
