package bitnet.server.http;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.api.inference.InferenceException;
import bitnet.server.ModelHost;
import bitnet.server.Served;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /tokenize}: {@code {"prompt": TEXT}} (or {@code content}) gives the ids a completion would use (one
 * BOS; {@code "add_special_tokens": false} gives the tokenizer's ids without special tokens);
 * {@code {"messages": [...]}} gives the ids of the rendered chat ({@code add_generation_prompt}, default true).
 * Answer: {@code {"tokens": [...], "count": N, "max_model_len": CONTEXT}}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/tokenize")
public final class TokenizeServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    /** @param host the served model */
    @Activate
    public TokenizeServlet(@Reference ModelHost host) {
        super(host, "POST");
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApiRequests.Tokenize tokenize = ApiRequests.tokenize(body(request));
        Served served = acquire();
        int[] ids;
        int capacity;
        try {
            checkModel(tokenize.model(), served);
            capacity = served.capacity();
            if (tokenize.messages() != null) {
                try {
                    ids = served.model().encodeChat(tokenize.messages(), tokenize.addGenerationPrompt());
                } catch (InferenceException e) {
                    throw ApiError.badRequest("The chat template cannot render these messages: " + e.getMessage(),
                            "messages");
                }
            } else {
                ids = tokenize.addSpecialTokens() ? served.model().encodePrompt(tokenize.text())
                        : served.model().tokenizer().encode(tokenize.text(), false).ids();
            }
        } finally {
            served.release();
        }
        ObjectNode root = Json.object();
        ArrayNode tokens = root.putArray("tokens");
        for (int id : ids) {
            tokens.add(id);
        }
        root.put("count", ids.length);
        root.put("max_model_len", capacity);
        Json.write(response, 200, root);
    }
}
