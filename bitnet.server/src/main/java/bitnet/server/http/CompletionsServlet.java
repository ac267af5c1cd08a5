package bitnet.server.http;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.server.ModelHost;
import bitnet.server.ServerMetrics;
import bitnet.server.Served;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /v1/completions}: a prompt as text (encoded with one BOS) or as token ids (taken as they are), then
 * generated as a whole {@code text_completion} or streamed ones. One prompt per request.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/v1/completions")
public final class CompletionsServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient ServerMetrics metrics;

    /**
     * @param host the served model
     * @param metrics the server's metrics
     */
    @Activate
    public CompletionsServlet(@Reference ModelHost host, @Reference ServerMetrics metrics) {
        super(host, "POST");
        this.metrics = metrics;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ObjectNode body = body(request);
        Served served = acquire();
        try {
            checkModel(body, served);
            for (String unsupported : new String[] {"suffix", "echo"}) {
                JsonNode n = body.get(unsupported);
                if (n != null && !n.isNull() && !(n.isBoolean() && !n.booleanValue())) {
                    throw ApiError.badRequest("'" + unsupported + "' is not supported.", unsupported,
                            "invalid_value");
                }
            }
            if (Fields.integer(body, "best_of", 1, 1, Integer.MAX_VALUE) != 1) {
                throw ApiError.badRequest("Only best_of=1 is supported.", "best_of", "invalid_value");
            }
            int[] prompt = prompt(body, served);
            SamplingRequest sampling = SamplingRequest.parse(body, prompt.length, served.capacity(), "prompt");
            new GenerationRun(served, metrics, ResponseFormat.COMPLETION, "prompt",
                    host.settings().requestTimeoutSeconds()).run(response, prompt, sampling);
        } finally {
            served.release();
        }
    }

    // A string, an array of token ids, or an array holding one of those.
    private static int[] prompt(ObjectNode body, Served served) {
        JsonNode p = body.get("prompt");
        if (p == null || p.isNull()) {
            throw ApiError.badRequest("'prompt' is required: a string or an array of token ids.", "prompt",
                    "missing");
        }
        if (p.isArray() && p.size() == 1 && (p.get(0).isTextual() || p.get(0).isArray())) {
            p = p.get(0);
        } else if (p.isArray() && p.size() > 1 && (p.get(0).isTextual() || p.get(0).isArray())) {
            throw ApiError.badRequest("Only one prompt per request is supported; got " + p.size() + ".", "prompt",
                    "invalid_value");
        }
        if (p.isTextual()) {
            return served.model().encodePrompt(p.textValue());
        }
        if (!p.isArray()) {
            throw Fields.wrongType("prompt", "a string or an array of token ids", p);
        }
        if (p.isEmpty()) {
            throw ApiError.badRequest("'prompt' must hold at least one token id.", "prompt", "invalid_value");
        }
        int[] ids = new int[p.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode n = p.get(i);
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw Fields.wrongType("prompt[" + i + "]", "a token id (an integer)", n);
            }
            ids[i] = n.intValue();
        }
        checkIds(ids, served.model().config().vocabSize(), "prompt");
        return ids;
    }
}
