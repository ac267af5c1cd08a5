/*
 * bitnet_metal: Objective-C implementation of bitnet_metal.h. Built only on macOS (see the fragment's pom, profile
 * "native-macos") with: clang -fobjc-arc -dynamiclib -framework Metal -framework Foundation.
 */
#import <Foundation/Foundation.h>
#import <Metal/Metal.h>
#include <stdatomic.h>
#include <string.h>

#include "bitnet_metal.h"

struct bm_context {
    void *device;         /* id<MTLDevice>, retained (CFBridgingRetain) */
    void *queue;          /* id<MTLCommandQueue> */
    void *library;        /* id<MTLLibrary> */
    void *pipelines;      /* NSMutableDictionary<NSString*, id<MTLComputePipelineState>> guarded by lock */
    void *lock;           /* NSLock */
    bm_batch *free_batches; /* recycled batch records, guarded by lock */
};

struct bm_buffer {
    void *buffer;         /* id<MTLBuffer> */
};

struct bm_batch {
    bm_context *ctx;
    void *command_buffer; /* id<MTLCommandBuffer> */
    void *encoder;        /* id<MTLComputeCommandEncoder> */
    bm_batch *next;
};

static int32_t fail(bm_error *err, int32_t code, NSString *message) {
    if (err != NULL) {
        err->code = code;
        const char *utf8 = message == nil ? "unknown error" : [message UTF8String];
        strncpy(err->message, utf8, BM_MESSAGE_CAPACITY - 1);
        err->message[BM_MESSAGE_CAPACITY - 1] = '\0';
    }
    return code;
}

static int32_t ok(bm_error *err) {
    if (err != NULL) {
        err->code = BM_OK;
        err->message[0] = '\0';
    }
    return BM_OK;
}

int32_t bm_device_count(void) {
    @autoreleasepool {
        NSArray<id<MTLDevice>> *devices = MTLCopyAllDevices();
        return (int32_t) devices.count;
    }
}

int32_t bm_open(int32_t device, const char *metallib_path, const char *source, bm_context **out, bm_error *err) {
    @autoreleasepool {
        if (out == NULL || (metallib_path == NULL && source == NULL)) {
            return fail(err, BM_INVALID_ARGUMENT, @"bm_open needs an output pointer and a metallib path or source");
        }
        NSArray<id<MTLDevice>> *devices = MTLCopyAllDevices();
        if (device < 0 || (NSUInteger) device >= devices.count) {
            return fail(err, BM_NO_DEVICE, [NSString stringWithFormat:@"no Metal device %d (found %lu)", device,
                    (unsigned long) devices.count]);
        }
        id<MTLDevice> dev = devices[(NSUInteger) device];
        NSError *error = nil;
        id<MTLLibrary> library = nil;
        if (metallib_path != NULL) {
            NSURL *url = [NSURL fileURLWithPath:[NSString stringWithUTF8String:metallib_path]];
            library = [dev newLibraryWithURL:url error:&error];
        } else {
            MTLCompileOptions *options = [MTLCompileOptions new];
            /* The kernels must round exactly like the Java reference (rint, IEEE division). */
#if defined(__MAC_OS_X_VERSION_MAX_ALLOWED) && __MAC_OS_X_VERSION_MAX_ALLOWED >= 150000
            if (@available(macOS 15.0, *)) {
                options.mathMode = MTLMathModeSafe;
            } else {
                options.fastMathEnabled = NO;
            }
#else
            options.fastMathEnabled = NO; /* SDKs before macOS 15 have no mathMode */
#endif
            library = [dev newLibraryWithSource:[NSString stringWithUTF8String:source] options:options error:&error];
        }
        if (library == nil) {
            return fail(err, BM_LIBRARY, [NSString stringWithFormat:@"shader library: %@",
                    error == nil ? @"unknown error" : error.localizedDescription]);
        }
        id<MTLCommandQueue> queue = [dev newCommandQueue];
        if (queue == nil) {
            return fail(err, BM_NO_DEVICE, @"the device gave no command queue");
        }
        bm_context *ctx = calloc(1, sizeof(bm_context));
        if (ctx == NULL) {
            return fail(err, BM_OUT_OF_MEMORY, @"no memory for the context");
        }
        ctx->device = (void *) CFBridgingRetain(dev);
        ctx->queue = (void *) CFBridgingRetain(queue);
        ctx->library = (void *) CFBridgingRetain(library);
        ctx->pipelines = (void *) CFBridgingRetain([NSMutableDictionary new]);
        ctx->lock = (void *) CFBridgingRetain([NSLock new]);
        *out = ctx;
        return ok(err);
    }
}

int32_t bm_get_device_info(bm_context *ctx, bm_device_info *out, bm_error *err) {
    @autoreleasepool {
        if (ctx == NULL || out == NULL) {
            return fail(err, BM_INVALID_ARGUMENT, @"bm_get_device_info needs a context and an output");
        }
        id<MTLDevice> dev = (__bridge id<MTLDevice>) ctx->device;
        memset(out, 0, sizeof(*out));
        strncpy(out->name, [dev.name UTF8String], BM_NAME_CAPACITY - 1);
        out->recommended_working_set = dev.recommendedMaxWorkingSetSize;
        out->max_buffer_length = dev.maxBufferLength;
        out->max_threads_per_threadgroup = (uint32_t) dev.maxThreadsPerThreadgroup.width;
        out->has_unified_memory = dev.hasUnifiedMemory ? 1 : 0;
        return ok(err);
    }
}

int32_t bm_buffer_new(bm_context *ctx, uint64_t bytes, bm_buffer **out, void **contents, bm_error *err) {
    @autoreleasepool {
        if (ctx == NULL || out == NULL || contents == NULL || bytes == 0) {
            return fail(err, BM_INVALID_ARGUMENT, @"bm_buffer_new needs a context, outputs and a size above 0");
        }
        id<MTLDevice> dev = (__bridge id<MTLDevice>) ctx->device;
        if (bytes > dev.maxBufferLength) {
            return fail(err, BM_OUT_OF_MEMORY, [NSString stringWithFormat:@"%llu bytes exceed the device's "
                    "largest buffer (%lu)", bytes, (unsigned long) dev.maxBufferLength]);
        }
        id<MTLBuffer> buffer = [dev newBufferWithLength:bytes options:MTLResourceStorageModeShared];
        if (buffer == nil) {
            return fail(err, BM_OUT_OF_MEMORY, [NSString stringWithFormat:@"the device refused %llu bytes", bytes]);
        }
        bm_buffer *b = calloc(1, sizeof(bm_buffer));
        if (b == NULL) {
            return fail(err, BM_OUT_OF_MEMORY, @"no memory for the buffer record");
        }
        b->buffer = (void *) CFBridgingRetain(buffer);
        *out = b;
        *contents = buffer.contents;
        return ok(err);
    }
}

void bm_buffer_free(bm_buffer *buffer) {
    if (buffer != NULL) {
        CFBridgingRelease(buffer->buffer);
        free(buffer);
    }
}

static id<MTLComputePipelineState> pipeline(bm_context *ctx, const char *kernel, bm_error *err, int32_t *status) {
    NSString *name = [NSString stringWithUTF8String:kernel];
    NSLock *lock = (__bridge NSLock *) ctx->lock;
    NSMutableDictionary *cache = (__bridge NSMutableDictionary *) ctx->pipelines;
    [lock lock];
    id<MTLComputePipelineState> state = cache[name];
    [lock unlock];
    if (state != nil) {
        *status = BM_OK;
        return state;
    }
    id<MTLLibrary> library = (__bridge id<MTLLibrary>) ctx->library;
    id<MTLFunction> function = [library newFunctionWithName:name];
    if (function == nil) {
        *status = fail(err, BM_FUNCTION, [NSString stringWithFormat:@"no kernel '%@' in the shader library", name]);
        return nil;
    }
    NSError *error = nil;
    id<MTLDevice> dev = (__bridge id<MTLDevice>) ctx->device;
    state = [dev newComputePipelineStateWithFunction:function error:&error];
    if (state == nil) {
        *status = fail(err, BM_PIPELINE, [NSString stringWithFormat:@"pipeline for '%@': %@", name,
                error == nil ? @"unknown error" : error.localizedDescription]);
        return nil;
    }
    [lock lock];
    cache[name] = state;
    [lock unlock];
    *status = BM_OK;
    return state;
}

int32_t bm_batch_begin(bm_context *ctx, bm_batch **out, bm_error *err) {
    @autoreleasepool {
        if (ctx == NULL || out == NULL) {
            return fail(err, BM_INVALID_ARGUMENT, @"bm_batch_begin needs a context and an output");
        }
        NSLock *lock = (__bridge NSLock *) ctx->lock;
        [lock lock];
        bm_batch *batch = ctx->free_batches;
        if (batch != NULL) {
            ctx->free_batches = batch->next;
        }
        [lock unlock];
        if (batch == NULL) {
            batch = calloc(1, sizeof(bm_batch));
            if (batch == NULL) {
                return fail(err, BM_OUT_OF_MEMORY, @"no memory for a batch");
            }
        }
        id<MTLCommandQueue> queue = (__bridge id<MTLCommandQueue>) ctx->queue;
        /* Unretained references: the Java side keeps every buffer alive until commit returns. */
        id<MTLCommandBuffer> cb = [queue commandBufferWithUnretainedReferences];
        id<MTLComputeCommandEncoder> encoder = [cb computeCommandEncoder];
        if (cb == nil || encoder == nil) {
            free(batch);
            return fail(err, BM_DEVICE_LOST, @"the queue gave no command buffer");
        }
        batch->ctx = ctx;
        batch->command_buffer = (void *) CFBridgingRetain(cb);
        batch->encoder = (void *) CFBridgingRetain(encoder);
        batch->next = NULL;
        *out = batch;
        return ok(err);
    }
}

int32_t bm_batch_dispatch(bm_batch *batch, const bm_dispatch *d, bm_error *err) {
    @autoreleasepool {
        if (batch == NULL || d == NULL || d->kernel == NULL || d->binding_count > BM_MAX_BINDINGS) {
            return fail(err, BM_INVALID_ARGUMENT, @"bm_batch_dispatch: null batch or kernel, or too many bindings");
        }
        for (int i = 0; i < 3; i++) {
            if (d->groups[i] == 0 || d->threads[i] == 0) {
                return fail(err, BM_INVALID_ARGUMENT, @"bm_batch_dispatch: a grid or threadgroup extent is 0");
            }
        }
        int32_t status;
        id<MTLComputePipelineState> state = pipeline(batch->ctx, d->kernel, err, &status);
        if (state == nil) {
            return status;
        }
        NSUInteger per_group = (NSUInteger) d->threads[0] * d->threads[1] * d->threads[2];
        if (per_group > state.maxTotalThreadsPerThreadgroup) {
            return fail(err, BM_INVALID_ARGUMENT, [NSString stringWithFormat:@"kernel '%s' allows %lu threads per "
                    "threadgroup, the launch asks %lu", d->kernel, (unsigned long) state.maxTotalThreadsPerThreadgroup,
                    (unsigned long) per_group]);
        }
        id<MTLComputeCommandEncoder> encoder = (__bridge id<MTLComputeCommandEncoder>) batch->encoder;
        [encoder setComputePipelineState:state];
        for (uint32_t i = 0; i < d->binding_count; i++) {
            id<MTLBuffer> buffer = (__bridge id<MTLBuffer>) ((bm_buffer *) d->bindings[i].buffer)->buffer;
            [encoder setBuffer:buffer offset:d->bindings[i].offset atIndex:i];
        }
        if (d->params_size > 0) {
            [encoder setBytes:d->params length:d->params_size atIndex:d->binding_count];
        }
        if (d->threadgroup_memory > 0) {
            [encoder setThreadgroupMemoryLength:d->threadgroup_memory atIndex:0];
        }
        [encoder dispatchThreadgroups:MTLSizeMake(d->groups[0], d->groups[1], d->groups[2])
                threadsPerThreadgroup:MTLSizeMake(d->threads[0], d->threads[1], d->threads[2])];
        return ok(err);
    }
}

static void recycle(bm_batch *batch) {
    CFBridgingRelease(batch->encoder);
    CFBridgingRelease(batch->command_buffer);
    batch->encoder = NULL;
    batch->command_buffer = NULL;
    bm_context *ctx = batch->ctx;
    NSLock *lock = (__bridge NSLock *) ctx->lock;
    [lock lock];
    batch->next = ctx->free_batches;
    ctx->free_batches = batch;
    [lock unlock];
}

int32_t bm_batch_commit(bm_batch *batch, bm_error *err) {
    @autoreleasepool {
        if (batch == NULL) {
            return fail(err, BM_INVALID_ARGUMENT, @"bm_batch_commit: null batch");
        }
        id<MTLComputeCommandEncoder> encoder = (__bridge id<MTLComputeCommandEncoder>) batch->encoder;
        id<MTLCommandBuffer> cb = (__bridge id<MTLCommandBuffer>) batch->command_buffer;
        [encoder endEncoding];
        [cb commit];
        [cb waitUntilCompleted];
        int32_t status = BM_OK;
        if (cb.status == MTLCommandBufferStatusError) {
            NSError *error = cb.error;
            BOOL lost = error != nil && (error.code == MTLCommandBufferErrorDeviceRemoved
                    || error.code == MTLCommandBufferErrorNotPermitted);
            status = fail(err, lost ? BM_DEVICE_LOST : BM_COMMAND_FAILED, [NSString stringWithFormat:
                    @"command buffer failed: %@", error == nil ? @"unknown error" : error.localizedDescription]);
        }
        recycle(batch);
        return status == BM_OK ? ok(err) : status;
    }
}

void bm_batch_abort(bm_batch *batch) {
    @autoreleasepool {
        if (batch != NULL) {
            [(__bridge id<MTLComputeCommandEncoder>) batch->encoder endEncoding];
            recycle(batch);
        }
    }
}

void bm_close(bm_context *ctx) {
    if (ctx == NULL) {
        return;
    }
    bm_batch *b = ctx->free_batches;
    while (b != NULL) {
        bm_batch *next = b->next;
        free(b);
        b = next;
    }
    CFBridgingRelease(ctx->lock);
    CFBridgingRelease(ctx->pipelines);
    CFBridgingRelease(ctx->library);
    CFBridgingRelease(ctx->queue);
    CFBridgingRelease(ctx->device);
    free(ctx);
}
