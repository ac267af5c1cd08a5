/* Prints the layout of the kernels' parameter structs (shaders/bm_params.h); ParamBlocksTest pins the same numbers. */
#include <stddef.h>
#include <stdio.h>
typedef unsigned int uint;
#include "bm_params.h"
#define P(t, f) printf("%s.%s %zu\n", #t, #f, offsetof(struct t, f))
int main(void) {
    printf("bm_ew_params %zu\n", sizeof(struct bm_ew_params));
    P(bm_ew_params, rank);
    P(bm_ew_params, shape);
    P(bm_ew_params, strides);
    P(bm_ew_params, offsets);
    P(bm_ew_params, lo);
    P(bm_ew_params, hi);
    printf("bm_matmul_params %zu\n", sizeof(struct bm_matmul_params));
    P(bm_matmul_params, a_strides);
    P(bm_matmul_params, b_strides);
    P(bm_matmul_params, a_offset);
    P(bm_matmul_params, b_offset);
    printf("bm_rows_params %zu\n", sizeof(struct bm_rows_params));
    printf("bm_act_quant_params %zu\n", sizeof(struct bm_act_quant_params));
    printf("bm_bitlinear_params %zu\n", sizeof(struct bm_bitlinear_params));
    printf("bm_ternary_params %zu\n", sizeof(struct bm_ternary_params));
    return 0;
}
