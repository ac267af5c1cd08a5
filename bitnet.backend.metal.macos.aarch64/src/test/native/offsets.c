/* Prints the layout of bitnet_metal.h's structs; MetalAbiTest pins the same numbers for the FFM layouts. */
#include <stddef.h>
#include <stdio.h>
#include "bitnet_metal.h"
#define P(t, f) printf("%s.%s %zu\n", #t, #f, offsetof(t, f))
int main(void) {
    printf("bm_error %zu\n", sizeof(bm_error));
    P(bm_error, message);
    printf("bm_device_info %zu\n", sizeof(bm_device_info));
    P(bm_device_info, recommended_working_set);
    P(bm_device_info, max_buffer_length);
    P(bm_device_info, max_threads_per_threadgroup);
    P(bm_device_info, has_unified_memory);
    printf("bm_binding %zu\n", sizeof(bm_binding));
    printf("bm_dispatch %zu\n", sizeof(bm_dispatch));
    P(bm_dispatch, binding_count);
    P(bm_dispatch, params_size);
    P(bm_dispatch, bindings);
    P(bm_dispatch, params);
    P(bm_dispatch, groups);
    P(bm_dispatch, threads);
    P(bm_dispatch, threadgroup_memory);
    P(bm_dispatch, reserved);
    return 0;
}
