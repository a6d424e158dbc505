package dev.backdrop.api;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /openapi.yaml}, the hand-written API description, and {@code GET /docs}, that
 * description rendered by Swagger UI. Swagger UI's files are served from its jar on the class
 * path, so the page needs nothing from outside the server.
 */
public final class DocsRoutes implements ApiServer.Routes {

    static final String SPEC = "/dev/backdrop/api/openapi.yaml";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    /** The only Swagger UI files the page loads, with their types. */
    private static final Map<String, String> ASSETS = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png");

    private final byte[] spec = resource(SPEC.substring(1));
    private final String assets = WEBJAR + swaggerUiVersion() + "/";

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml; charset=utf-8").result(spec));
        config.routes.get("/docs", ctx -> ctx.html(PAGE));
        config.routes.get("/docs/assets/{file}", ctx -> {
            String file = ctx.pathParam("file");
            String type = ASSETS.get(file);
            if (type == null) {
                throw new NotFoundException("nothing at " + ctx.path());
            }
            ctx.header("Cache-Control", "public, max-age=86400");
            ctx.contentType(type).result(resource(assets + file));
        });
    }

    private static String swaggerUiVersion() {
        Properties p = new Properties();
        try (InputStream in = DocsRoutes.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("Swagger UI is missing from the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] resource(String path) {
        try (InputStream in = DocsRoutes.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // validatorUrl null: Swagger UI would otherwise send the spec to an online validator.
    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Backdrop API</title>
              <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
              <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
            </head>
            <body>
              <div id="api"></div>
              <script src="/docs/assets/swagger-ui-bundle.js"></script>
              <script>
                window.addEventListener("load", function () {
                  SwaggerUIBundle({url: "/openapi.yaml", dom_id: "#api", validatorUrl: null, deepLinking: true,
                                   tryItOutEnabled: false});
                });
              </script>
            </body>
            </html>
            """;
}
