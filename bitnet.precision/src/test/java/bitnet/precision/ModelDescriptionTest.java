package bitnet.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import bitnet.api.precision.ComponentSpec;
import bitnet.api.precision.ComponentType;
import bitnet.api.precision.LayerSpec;
import bitnet.api.precision.LayerType;
import bitnet.api.precision.PrecisionException;

class ModelDescriptionTest {
    private final List<LayerSpec> layers = ModelDescription.load("bitnet-b1.58-2b4t").layers(4096);

    @Test
    void hasTheLayersOfBitNet2B4T() {
        assertEquals(1 + 30 * 12 + 2, layers.size());
        assertEquals("embed_tokens", layers.get(0).layer().name());
        assertEquals(-1, layers.get(0).layer().index());
        assertEquals("layers.29.mlp.down_proj", layers.get(layers.size() - 3).layer().name());
        assertEquals(29, layers.get(layers.size() - 3).layer().index());
        LayerSpec head = layers.get(layers.size() - 1);
        assertEquals(LayerType.OUTPUT_HEAD, head.layer().type());
        assertEquals(30, head.layer().index());
        assertEquals(30 * 7, layers.stream().filter(l -> l.layer().type() == LayerType.BITLINEAR).count());
        assertEquals(30 * 4 + 1, layers.stream().filter(l -> l.layer().type() == LayerType.NORMALIZATION).count());
    }

    @Test
    void weightElementsAddUpToTheModelsParameterCount() {
        // embedding + head 2 x 128256 x 2560; per block q,o 2560^2, k,v 640 x 2560, gate,up,down 6912 x 2560,
        // norms 3 x 2560 + 6912; final norm 2560.
        long perBlock = 2L * 2560 * 2560 + 2L * 640 * 2560 + 3L * 6912 * 2560 + 3 * 2560 + 6912;
        long expected = 2L * 128_256 * 2560 + 30 * perBlock + 2560;
        assertEquals(2_741_155_840L, expected);
        assertEquals(expected, elements(ComponentType.WEIGHTS));
    }

    @Test
    void contextSizesTheKvCacheAndScores() {
        assertEquals(30L * 2 * 4096 * 640, elements(ComponentType.KV_CACHE));
        assertEquals(30L * 20 * 4096, elements(ComponentType.ATTENTION_SCORES));
        List<LayerSpec> one = ModelDescription.load("bitnet-b1.58-2b4t").layers(1);
        assertEquals(30L * 2 * 640, one.stream().flatMap(l -> l.components().stream())
                .filter(c -> c.component() == ComponentType.KV_CACHE).mapToLong(ComponentSpec::elements).sum());
        assertThrows(PrecisionException.class, () -> ModelDescription.load("bitnet-b1.58-2b4t").layers(0));
        assertThrows(PrecisionException.class, () -> ModelDescription.load("no-such-model"));
    }

    private long elements(ComponentType type) {
        return layers.stream().flatMap(l -> l.components().stream()).filter(c -> c.component() == type)
                .mapToLong(ComponentSpec::elements).sum();
    }
}
