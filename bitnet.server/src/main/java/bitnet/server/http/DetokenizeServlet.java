package bitnet.server.http;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

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
        ApiRequests.Detokenize detokenize = ApiRequests.detokenize(body(request));
        Served served = acquire();
        String text;
        try {
            checkModel(detokenize.model(), served);
            checkIds(detokenize.ids(), served.model().config().vocabSize(), "tokens");
            text = served.model().tokenizer().decode(detokenize.ids(), detokenize.skipSpecialTokens());
        } finally {
            served.release();
        }
        ObjectNode root = Json.object();
        root.put("prompt", text);
        Json.write(response, 200, root);
    }
}
