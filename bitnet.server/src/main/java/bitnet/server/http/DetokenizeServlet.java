package bitnet.server.http;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.server.ModelHost;
import bitnet.server.Served;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /detokenize}: {@code {"tokens": [ids]}} gives {@code {"prompt": TEXT}}, special tokens included unless
 * {@code "skip_special_tokens": true}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/detokenize")
public final class DetokenizeServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    /** @param host the served model */
    @Activate
    public DetokenizeServlet(@Reference ModelHost host) {
        super(host, "POST");
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ObjectNode body = body(request);
        JsonNode tokens = body.get("tokens");
        if (tokens == null || tokens.isNull()) {
            throw ApiError.badRequest("'tokens' is required: an array of token ids.", "tokens", "missing");
        }
        if (!tokens.isArray()) {
            throw Fields.wrongType("tokens", "an array of token ids", tokens);
        }
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode n = tokens.get(i);
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw Fields.wrongType("tokens[" + i + "]", "a token id (an integer)", n);
            }
            ids[i] = n.intValue();
        }
        boolean skipSpecial = Fields.bool(body, "skip_special_tokens", false);
        Served served = acquire();
        String text;
        try {
            checkModel(body, served);
            checkIds(ids, served.model().config().vocabSize(), "tokens");
            text = served.model().tokenizer().decode(ids, skipSpecial);
        } finally {
            served.release();
        }
        ObjectNode root = Json.object();
        root.put("prompt", text);
        Json.write(response, 200, root);
    }
}
