package bitnet.backend.metal.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import bitnet.api.backend.OpCall;
import bitnet.api.ops.Op;
import bitnet.api.quant.QuantMode;
import bitnet.api.quant.QuantSpec;
import bitnet.api.tensor.Tensor;
import bitnet.core.tensor.PooledTensorFactory;
import bitnet.memory.impl.HybridMemoryPool;
import bitnet.api.tensor.DType;

/**
 * Shader source selection: every operation the backend declares maps to kernels that its source file defines
 * (checked on the text: this proves the names agree, not that the shaders compile, which needs a Mac).
 */
class KernelCatalogTest {

    private static boolean defines(String source, String kernel) {
        if (kernel.startsWith("bm_binary_")) {
            return source.contains("BM_BINARY(" + kernel.substring(10, kernel.length() - 4) + ",");
        }
        if (kernel.startsWith("bm_unary_")) {
            return source.contains("BM_UNARY(" + kernel.substring(9, kernel.length() - 4) + ",");
        }
        return source.contains("kernel void " + kernel + "(");
    }

    @Test
    void everyDeclaredOperationHasKernelsDefinedInTheirSourceFile() {
        for (Op op : KernelCatalog.OPERATIONS) {
            List<String> kernels = KernelCatalog.kernels(op, DType.F32).orElseThrow();
            for (String k : kernels) {
                String file = KernelCatalog.sourceFile(k);
                assertTrue(defines(ShaderSources.read(file), k), op + ": " + k + " not defined in " + file);
            }
        }
        assertTrue(defines(ShaderSources.read("quant.metal"), KernelCatalog.QUANTIZE_TERNARY));
    }

    @Test
    void namesFollowFamilyOpAndDtype() {
        assertEquals(List.of("bm_binary_add_f32"), KernelCatalog.kernels(Op.ADD, DType.F32).orElseThrow());
        assertEquals(List.of("bm_binary_ge_f32"), KernelCatalog.kernels(Op.GE, DType.F32).orElseThrow());
        assertEquals(List.of("bm_unary_gelu_tanh_f32"), KernelCatalog.kernels(Op.GELU_TANH, DType.F32).orElseThrow());
        assertEquals(List.of("bm_unary_clamp_f32"), KernelCatalog.kernels(Op.CLAMP, DType.F32).orElseThrow());
        assertEquals(List.of("bm_quantize_act_i8", "bm_bitlinear_t2_i8"),
                KernelCatalog.kernels(Op.BITLINEAR, DType.F32).orElseThrow());
    }

    @Test
    void otherDtypesAndOperationsHaveNone() {
        assertTrue(KernelCatalog.kernels(Op.ADD, DType.F16).isEmpty());
        assertTrue(KernelCatalog.kernels(Op.SUM, DType.F32).isEmpty());
        assertTrue(KernelCatalog.kernels(Op.LAYER_NORM, DType.F32).isEmpty());
        assertFalse(KernelCatalog.OPERATIONS.contains(Op.ARGMAX));
        assertThrows(IllegalArgumentException.class, () -> KernelCatalog.sourceFile("bm_nothing"));
    }

    @Test
    void theRunTimeTranslationUnitInlinesTheHeaderOnce() {
        String unit = ShaderSources.translationUnit();
        assertFalse(unit.contains("#include \"bm_params.h\""));
        assertEquals(unit.indexOf("struct bm_ew_params {"), unit.lastIndexOf("struct bm_ew_params {"));
        for (String file : ShaderSources.FILES) {
            assertTrue(unit.contains("// ---- " + file));
        }
        assertTrue(unit.indexOf("struct bm_ew_params {") < unit.indexOf("bm_ew_offset("), "header first");
    }

    @Test
    void aQuantizeCallRunsTheKernelOfItsSchemeOnly() {
        try (HybridMemoryPool pool = HybridMemoryPool.withDefaults()) {
            PooledTensorFactory f = new PooledTensorFactory(pool);
            try (Tensor x = f.zeros(DType.F32, 2, 4); Tensor t = f.zeros(DType.TERNARY, 2, 4);
                    Tensor i8 = f.zeros(DType.I8, 2, 4); Tensor i4 = f.zeros(DType.I4, 2, 4)) {
                assertEquals(List.of(KernelCatalog.QUANTIZE_TERNARY), KernelCatalog.kernels(new OpCall.Quantize(
                        QuantSpec.ternary(), QuantMode.DYNAMIC, x, t, null, null)).orElseThrow());
                assertEquals(List.of(KernelCatalog.QUANTIZE_ACTIVATIONS), KernelCatalog.kernels(new OpCall.Quantize(
                        QuantSpec.int8PerToken(), QuantMode.DYNAMIC, x, i8, null, null)).orElseThrow());
                assertTrue(KernelCatalog.kernels(new OpCall.Quantize(QuantSpec.int8Symmetric(true), QuantMode.DYNAMIC,
                        x, i8, null, null)).isEmpty());
                assertTrue(KernelCatalog.kernels(new OpCall.Quantize(QuantSpec.int4(2), QuantMode.DYNAMIC, x, i4,
                        null, null)).isEmpty());
            }
        }
    }
}
