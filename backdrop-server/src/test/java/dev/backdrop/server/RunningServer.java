package dev.backdrop.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.backdrop.testing.TestModels;
import dev.backdrop.testing.TestPhotos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real Backdrop server on a free loopback port with its own data folder, plus a local image
 * host on 127.0.0.1 (allow-listed) serving the test photos — the set-up of the HTTP tests.
 */
public final class RunningServer implements AutoCloseable {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final BackdropServer server;
    public final String adminKey;
    private final HttpServer images;

    public RunningServer(Path data, int workers, int queue, long maxRequestBytes) {
        TestModels.path(dev.backdrop.model.ModelId.ISNET_FP16);
        try {
            images = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String name : new String[] {"coffee.png", "chelsea.png", "astronaut.png"}) {
            byte[] bytes = TestPhotos.bytes(name);
            images.createContext("/" + name, exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
        }
        images.start();
        ServerSettings defaults = ServerSettings.defaults(data);
        server = BackdropServer.start(new ServerSettings("127.0.0.1", 0, data, null, false, "127.0.0.1", null, null,
                "isnet-fp16", 2, workers, queue, maxRequestBytes, defaults.pricing(), null, defaults.diffusion(), null,
                Role.ALL));
        adminKey = server.adminKey().orElseThrow().issued().plainKey();
        try {
            server.awaitReady(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public String imageUrl(String name) {
        return "http://127.0.0.1:" + images.getAddress().getPort() + "/" + name;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public HttpResponse<byte[]> post(String path, String key, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
            if (key != null) {
                b.header("x-api-key", key);
            }
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<byte[]> get(String urlOrPath, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(urlOrPath.startsWith("http") ? urlOrPath : url(urlOrPath)));
        if (key != null) {
            b.header("x-api-key", key);
        }
        return send(b.GET().build());
    }

    /** A call to the admin API with the server's admin token; {@code body} null for a GET. */
    public HttpResponse<byte[]> admin(String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                    .header("Authorization", "Bearer " + server.accessTokens().admin());
            if (body == null) {
                b.GET();
            } else {
                b.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
            }
            return send(b.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(HttpResponse<byte[]> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, Object> map(Object... keysAndValues) {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Override
    public void close() {
        server.close();
        images.stop(0);
    }
}
