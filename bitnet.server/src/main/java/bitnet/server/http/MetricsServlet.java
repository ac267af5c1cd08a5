package bitnet.server.http;

import java.io.IOException;
import java.io.OutputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import bitnet.server.ModelHost;
import bitnet.server.ServerMetrics;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /metrics}: the server's metrics in Prometheus' text format. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/metrics")
public final class MetricsServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient ServerMetrics metrics;

    /**
     * @param host the served model
     * @param metrics the server's metrics
     */
    @Activate
    public MetricsServlet(@Reference ModelHost host, @Reference ServerMetrics metrics) {
        super(host, "GET");
        this.metrics = metrics;
    }

    @Override
    protected void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType(ServerMetrics.CONTENT_TYPE);
        try (OutputStream out = response.getOutputStream()) {
            metrics.write(out);
        }
    }
}
