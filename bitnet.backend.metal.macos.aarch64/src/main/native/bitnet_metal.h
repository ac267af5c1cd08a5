/*
 * bitnet_metal: the small C ABI between the Java Metal backend (FFM) and Metal.
 *
 * Every function that can fail returns a bm_status and, when it fails, fills the caller's bm_error with the same
 * code and a NUL-terminated message. Handles are opaque pointers owned by this library until freed with the
 * matching function. The Java side mirrors every struct below in bitnet.backend.metal.abi.MetalAbi; a change here
 * needs the same change there (MetalAbiTest pins the offsets, and docs/metal-mlx.md shows how to check them with
 * offsetof on any LP64 C compiler).
 *
 * Threading: a context may be used from several threads; one batch belongs to one thread from begin to commit.
 */
#ifndef BITNET_METAL_H
#define BITNET_METAL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BM_MESSAGE_CAPACITY 512
#define BM_MAX_BINDINGS 8
#define BM_NAME_CAPACITY 128

typedef enum bm_status {
    BM_OK = 0,
    BM_NO_DEVICE = 1,         /* no Metal device, or the index is out of range */
    BM_LIBRARY = 2,           /* the shader library failed to load or compile */
    BM_FUNCTION = 3,          /* no kernel of that name in the library */
    BM_PIPELINE = 4,          /* the compute pipeline for a kernel could not be built */
    BM_OUT_OF_MEMORY = 5,     /* the device refused a buffer */
    BM_INVALID_ARGUMENT = 6,  /* a null handle, too many bindings, a zero-sized grid */
    BM_COMMAND_FAILED = 7,    /* the command buffer finished with an error */
    BM_DEVICE_LOST = 8        /* the device was removed or reset */
} bm_status;

typedef struct bm_error {
    int32_t code;
    char message[BM_MESSAGE_CAPACITY];
} bm_error; /* 516 bytes, align 4 */

typedef struct bm_device_info {
    char name[BM_NAME_CAPACITY];            /* 0   */
    uint64_t recommended_working_set;       /* 128 */
    uint64_t max_buffer_length;             /* 136 */
    uint32_t max_threads_per_threadgroup;   /* 144 */
    uint32_t has_unified_memory;            /* 148 */
} bm_device_info; /* 152 bytes, align 8 */

typedef struct bm_binding {
    void *buffer;     /* a bm_buffer */
    uint64_t offset;  /* bytes from the buffer's start */
} bm_binding; /* 16 bytes */

typedef struct bm_dispatch {
    const char *kernel;                     /* 0   NUL-terminated kernel function name */
    uint32_t binding_count;                 /* 8   buffers bound at indices 0..binding_count-1 */
    uint32_t params_size;                   /* 12  bytes at params, bound with setBytes after the buffers */
    bm_binding bindings[BM_MAX_BINDINGS];   /* 16  */
    const void *params;                     /* 144 */
    uint32_t groups[3];                     /* 152 threadgroups per grid */
    uint32_t threads[3];                    /* 164 threads per threadgroup */
    uint32_t threadgroup_memory;            /* 176 bytes of threadgroup memory at index 0 */
    uint32_t reserved;                      /* 180 */
} bm_dispatch; /* 184 bytes, align 8 */

typedef struct bm_context bm_context;
typedef struct bm_buffer bm_buffer;
typedef struct bm_batch bm_batch;

/* Number of Metal devices (MTLCopyAllDevices); 0 when there is none. */
int32_t bm_device_count(void);

/*
 * Opens device `device`, its command queue, and the shader library: from `metallib_path` when not NULL (compiled
 * ahead of time by xcrun metal/metallib), else compiled once from `source` with fast math off. Pipelines are built
 * on first use of each kernel and cached for the context's life.
 */
int32_t bm_open(int32_t device, const char *metallib_path, const char *source, bm_context **out, bm_error *err);

/* bm_get_device_info fills `out` with the device's name and limits. */
int32_t bm_get_device_info(bm_context *ctx, bm_device_info *out, bm_error *err);

/* A shared-storage buffer of `bytes` bytes; `contents` receives its CPU address (unified memory). */
int32_t bm_buffer_new(bm_context *ctx, uint64_t bytes, bm_buffer **out, void **contents, bm_error *err);

/* Releases a buffer. The caller guarantees no batch in flight still uses it. */
void bm_buffer_free(bm_buffer *buffer);

/* Starts one command buffer with one compute encoder; every dispatch of an operation goes into it. */
int32_t bm_batch_begin(bm_context *ctx, bm_batch **out, bm_error *err);

/* Encodes one kernel launch into the batch. */
int32_t bm_batch_dispatch(bm_batch *batch, const bm_dispatch *dispatch, bm_error *err);

/* Ends encoding, commits, waits for completion, reports the command buffer's status, and recycles the batch. */
int32_t bm_batch_commit(bm_batch *batch, bm_error *err);

/* Ends encoding without committing (the Java side failed half-way) and recycles the batch. */
void bm_batch_abort(bm_batch *batch);

/* Releases the queue, library, pipelines and context. Buffers must have been freed first. */
void bm_close(bm_context *ctx);

#ifdef __cplusplus
}
#endif

#endif
