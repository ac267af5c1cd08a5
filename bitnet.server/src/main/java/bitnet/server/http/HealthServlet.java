package bitnet.server.http;

import java.io.IOException;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.server.ModelHost;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /health}: 200 {@code {"status": "ok", "model": ID}} while the model is served; 503 with
 * {@code "loading"}, {@code "error"} (and the reason in {@code message}) or {@code "disabled"} otherwise. Needs no
 * API key.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/health")
public final class HealthServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    /** @param host the served model */
    @Activate
    public HealthServlet(@Reference ModelHost host) {
        super(host, "GET");
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ModelHost.Health h = host.health();
        ObjectNode root = Json.object();
        root.put("status", switch (h.status()) {
            case READY -> "ok";
            case FAILED -> "error";
            default -> h.status().name().toLowerCase(Locale.ROOT);
        });
        if (!h.modelName().isEmpty()) {
            root.put("model", h.modelName());
        }
        if (!h.message().isEmpty()) {
            root.put("message", h.message());
        }
        Json.write(response, h.status() == ModelHost.Status.READY ? 200 : 503, root);
    }
}
