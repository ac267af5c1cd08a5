package bitnet.server.http;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import bitnet.server.ModelHost;
import bitnet.server.Served;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /v1/models}: the served model, or an empty list while none is ready. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/v1/models")
public final class ModelsServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    /** @param host the served model */
    @Activate
    public ModelsServlet(@Reference ModelHost host) {
        super(host, "GET");
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        Served served;
        try {
            served = host.acquire();
        } catch (IllegalStateException e) {
            Json.write(response, 200, root);
            return;
        }
        try {
            ObjectNode m = data.addObject();
            m.put("id", served.name());
            m.put("object", "model");
            m.put("created", served.created());
            m.put("owned_by", "bitnet");
            m.put("max_model_len", served.capacity());
        } finally {
            served.release();
        }
        Json.write(response, 200, root);
    }
}
