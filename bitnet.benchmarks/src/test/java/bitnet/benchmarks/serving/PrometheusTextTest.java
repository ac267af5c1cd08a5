package bitnet.benchmarks.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    private static final String TEXT = """
            # HELP bitnet_pool_bytes Memory pool bytes by kind
            # TYPE bitnet_pool_bytes gauge
            bitnet_pool_bytes{kind="in_use"} 306232.0
            bitnet_pool_bytes{kind="limit"} 9.223372036854776E18
            bitnet_active_sessions 0.0
            bitnet_http_requests_total{endpoint="/v1/chat completions",status="200"} 12.0 1700000000
            """;

    @Test
    void samplesAreReadByNameWithLabels() {
        PrometheusText m = PrometheusText.parse(TEXT);
        assertEquals(306232.0, m.get("bitnet_pool_bytes{kind=\"in_use\"}"));
        assertEquals(9.223372036854776E18, m.get("bitnet_pool_bytes{kind=\"limit\"}"));
        assertEquals(0.0, m.get("bitnet_active_sessions"));
        // a label value with a space, and a timestamp after the value
        assertEquals(12.0, m.get("bitnet_http_requests_total{endpoint=\"/v1/chat completions\",status=\"200\"}"));
    }

    @Test
    void aMissingSampleIsNamedOrZeroWhenAsked() {
        PrometheusText m = PrometheusText.parse(TEXT);
        assertEquals("/metrics has no sample bitnet_queue_depth",
                assertThrows(IllegalStateException.class, () -> m.get("bitnet_queue_depth")).getMessage());
        assertEquals(0.0, m.getOrZero("bitnet_generations_total{finish_reason=\"error\"}"));
        assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse("bitnet_x{a=\"b\"} many"));
    }
}
