package bitnet.backend.metal.abi;

/**
 * The C ABI of {@code bitnet_metal.h} in Java terms. {@link FfmMetalNative} calls the real library through FFM;
 * tests substitute a fake that records what the backend asks for. Every method that can fail throws what
 * {@link MetalStatus#toException} makes of the status. Handles are the C pointers as {@code long}.
 */
public interface MetalNative {

    /** @return {@code bm_device_count()} */
    int deviceCount();

    /**
     * @param device device index
     * @param metallibPath a compiled shader library, or null to compile {@code source}
     * @param source the Metal source, used when {@code metallibPath} is null
     * @return the {@code bm_context*}
     */
    long open(int device, String metallibPath, String source);

    /**
     * @param context a context
     * @return its device's name and limits
     */
    DeviceInfo deviceInfo(long context);

    /**
     * @param context a context
     * @param bytes size, at least 1
     * @return the buffer and its CPU address
     */
    NativeBuffer newBuffer(long context, long bytes);

    /** @param buffer a buffer no batch in flight uses; freed */
    void freeBuffer(long buffer);

    /**
     * @param context a context
     * @return a {@code bm_batch*}: one command buffer and encoder
     */
    long beginBatch(long context);

    /**
     * @param batch a batch from {@link #beginBatch}
     * @param dispatch the launch to encode
     */
    void dispatch(long batch, Dispatch dispatch);

    /** @param batch commits, waits, recycles; throws if the command buffer failed */
    void commit(long batch);

    /** @param batch ends without committing and recycles */
    void abort(long batch);

    /** @param context releases it; buffers must be freed first */
    void close(long context);
}
