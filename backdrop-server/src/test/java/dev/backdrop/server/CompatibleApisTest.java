package dev.backdrop.server;

import static dev.backdrop.server.RunningServer.json;
import static dev.backdrop.server.RunningServer.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backdrop.image.DecodedImage;
import dev.backdrop.image.ImageDecoder;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.testing.TestPhotos;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two compatible APIs with the request bodies of their public docs (only the image URLs, the
 * base URL and the key changed), over real HTTP against a real server and the real model.
 */
class CompatibleApisTest {

    @TempDir
    static Path data;

    private static RunningServer api;
    private static final ImageDecoder DECODER = new ImageDecoder();

    @BeforeAll
    static void start() {
        api = new RunningServer(data, 1, 16, 8L * 1024 * 1024);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void generateImageWithTheDocumentedTransparentBody() {
        String body = """
                {
                "image_urls": [
                "%s",
                "%s"
                ],
                "background": {
                "prompt": "transparent",
                "negative_prompt": ""
                },
                "result_number": 2
                }""".formatted(api.imageUrl("coffee.png"), api.imageUrl("chelsea.png"));
        long before = credits(api.adminKey);
        HttpResponse<byte[]> r = api.post("/service/v1/generate-image", api.adminKey, body);
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        JsonNode json = json(r);
        assertThat(json.get("message").asText()).isEqualTo("Success");
        assertThat(json.get("data")).hasSize(2);
        assertThat(json.get("data").get(0).get("original_image_url").asText()).isEqualTo(api.imageUrl("coffee.png"));
        for (JsonNode item : json.get("data")) {
            assertThat(item.get("generated_image_urls")).hasSize(2);
            for (JsonNode url : item.get("generated_image_urls")) {
                HttpResponse<byte[]> file = api.get(url.asText(), null);
                assertThat(file.statusCode()).isEqualTo(200);
                assertThat(file.headers().firstValue("Content-Type")).contains("image/png");
                DecodedImage cut = DECODER.decode(file.body());
                assertThat(cut.hasAlpha()).isTrue();
            }
        }
        // Two cut-outs, each answered as result_number URLs but charged once: the same image twice is no extra work.
        assertThat(r.headers().firstValue("x-remaining-credits")).contains(String.valueOf(before - 2));
        assertThat(credits(api.adminKey)).isEqualTo(before - 2);
    }

    @Test
    void aUrlThatCannotBeFetchedNamesItsField() {
        String photo = "data:image/png;base64," + Base64.getEncoder().encodeToString(TestPhotos.bytes("coffee.png"));
        HttpResponse<byte[]> reference = api.post("/v1/bg-replace", api.adminKey, map("image", photo,
                "prompt", "marble", "ref_image", api.imageUrl("missing.png")));
        assertThat(reference.statusCode()).as(new String(reference.body())).isEqualTo(400);
        assertThat(json(reference).get("code").asText()).isEqualTo("url_fetch_failed");
        assertThat(json(reference).get("field").asText()).isEqualTo("ref_image");
        HttpResponse<byte[]> image = api.post("/v1/bg-replace", api.adminKey, map("image", "ftp://example.com/a.png",
                "prompt", "marble"));
        assertThat(image.statusCode()).as(new String(image.body())).isEqualTo(400);
        assertThat(json(image).get("field").asText()).isEqualTo("image");
    }

    @Test
    void generateImageWithoutEnoughCreditsSaysTheWholeCostAndTheBalanceItHad() {
        String key = json(api.admin("/admin/v1/keys", map("name", "three", "credits", 3))).get("api_key").asText();
        HttpResponse<byte[]> r = api.post("/service/v1/generate-image", key, map(
                "image_urls", List.of(api.imageUrl("coffee.png"), api.imageUrl("chelsea.png")),
                "background", map("prompt", "white marble", "negative_prompt", ""), "result_number", 2));
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(406);
        // Two photos of two results each cost 4; the first photo's charge of 2 went through and was refunded.
        assertThat(new String(r.body())).contains("costs 4 and the balance is 3");
        assertThat(r.headers().firstValue("x-remaining-credits")).contains("3");
        assertThat(credits(key)).isEqualTo(3);
    }

    @Test
    void generateImageReplacesTheBackgroundAndReportsAFailedItemAlone() {
        long before = credits(api.adminKey);
        HttpResponse<byte[]> r = api.post("/service/v1/generate-image", api.adminKey, map(
                "image_urls", List.of(api.imageUrl("coffee.png"), api.imageUrl("missing.png")),
                "background", map("prompt", "a professional photo of an object on a table made of dark Wood, dark wood "
                        + "countertop, hd dark Wood wallpaper, award winning photography", "negative_prompt", "yellow wall"),
                "result_number", 1));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode data = json(r).get("data");
        String url = data.get(0).get("generated_image_urls").get(0).asText();
        HttpResponse<byte[]> file = api.get(url, null);
        assertThat(file.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(file.headers().firstValue("ETag")).isPresent();
        DecodedImage photo = DECODER.decode(file.body());
        assertThat(photo.width()).isEqualTo(600);
        assertThat(data.get(1).get("generated_image_urls")).isEmpty();
        assertThat(data.get(1).get("error").get("code").asText()).isEqualTo("url_fetch_failed");
        assertThat(credits(api.adminKey)).as("the failed image is refunded").isEqualTo(before - 1);

        String etag = file.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("If-None-Match", etag).GET().build());
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void bgReplaceWithTheDocumentedBodyAnswersAJpegAndEchoesTheSeed() {
        String b64 = Base64.getEncoder().encodeToString(TestPhotos.bytes("coffee.png"));
        String ref = Base64.getEncoder().encodeToString(TestPhotos.bytes("chelsea.png"));
        long before = credits(api.adminKey);
        HttpResponse<byte[]> r = api.post("/v1/bg-replace", api.adminKey, map(
                "image", b64, "ref_image", ref,
                "prompt", "Pefume bottle placed on top of a rock, in a jungle",
                "negative_prompt", "bad quality, painting, blur", "samples", 1, "scheduler", "DDIM",
                "num_inference_steps", 25, "guidance_scale", 7.5, "seed", 12467, "strength", 1, "cn_weight", 0.9,
                "ip_adapter_weight", 0.5, "base64", false));
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(r.headers().firstValue("x-seed")).contains("12467");
        assertThat(r.headers().firstValue("x-ignored-parameters").orElse("")).contains("scheduler");
        assertThat(DECODER.decode(r.body()).sourceFormat()).isEqualTo(ImageFormat.JPEG);
        assertThat(credits(api.adminKey)).isEqualTo(before - 1);
    }

    @Test
    void bgReplaceAnsweringOneJpegMakesAndChargesOneSample() {
        String b64 = Base64.getEncoder().encodeToString(TestPhotos.bytes("coffee.png"));
        long before = credits(api.adminKey);
        HttpResponse<byte[]> r = api.post("/v1/bg-replace", api.adminKey, map(
                "image", b64, "prompt", "white marble", "samples", 3, "seed", 5, "base64", false));
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(r.headers().firstValue("x-ignored-parameters").orElse("")).contains("samples");
        assertThat(credits(api.adminKey)).as("one sample, not three").isEqualTo(before - 1);
    }

    @Test
    void bgReplaceInBase64GivesEverySampleWithItsSeed() {
        String b64 = Base64.getEncoder().encodeToString(TestPhotos.bytes("coffee.png"));
        long before = credits(api.adminKey);
        HttpResponse<byte[]> r = api.post("/v1/bg-replace", api.adminKey, map(
                "image", "data:image/png;base64," + b64, "prompt", "white marble, soft light", "samples", 2,
                "num_inference_steps", 50, "seed", 41));
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        JsonNode json = json(r);
        assertThat(json.get("images")).hasSize(2);
        assertThat(json.get("seeds").get(0).asLong()).isEqualTo(41);
        assertThat(json.get("seeds").get(1).asLong()).isEqualTo(42);
        assertThat(json.get("image").asText()).isEqualTo(json.get("images").get(0).asText());
        assertThat(json.get("prompt_reading").asText()).contains("marble");
        assertThat(DECODER.decode(Base64.getDecoder().decode(json.get("image").asText())).width()).isEqualTo(600);
        // The procedural scenes ignore num_inference_steps, so 50 steps cost what 25 do: 2 samples × 1.
        assertThat(json.get("ignored_parameters").toString()).contains("num_inference_steps");
        assertThat(credits(api.adminKey)).as("2 samples, steps not counted").isEqualTo(before - 2);
    }

    @Test
    void cutoutAcceptsJsonAndAnswersJsonWithUrls() {
        HttpResponse<byte[]> r = api.post("/v1/cutout", api.adminKey, map("image", api.imageUrl("coffee.png"),
                "output", "json", "format", "webp"));
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        JsonNode json = json(r);
        assertThat(json.get("confidence").asDouble()).isGreaterThan(0.8);
        HttpResponse<byte[]> image = api.get(json.get("image_url").asText(), null);
        assertThat(image.headers().firstValue("Content-Type")).contains("image/webp");
        assertThat(DECODER.decode(image.body()).hasAlpha()).isTrue();
        HttpResponse<byte[]> mask = api.get(json.get("mask_url").asText(), null);
        assertThat(DECODER.decode(mask.body()).width()).isEqualTo(600);
    }

    @Test
    void cutoutTakesAMultipartUploadAndAnswersTheMask() throws Exception {
        String boundary = "----backdrop-test-boundary";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"output\"\r\n\r\nmask\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"coffee.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(TestPhotos.bytes("coffee.png"));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.url("/v1/cutout")))
                .header("x-api-key", api.adminKey).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("image/png");
        DecodedImage mask = DECODER.decode(r.body());
        assertThat(mask.hasAlpha()).isFalse();
        int centre = mask.pixels().pixels()[150 * 600 + 290] & 0xFF;
        int corner = mask.pixels().pixels()[0] & 0xFF;
        assertThat(centre).as("the cup is white in the mask").isEqualTo(255);
        assertThat(corner).as("the table corner is black").isLessThan(20);
    }

    @Test
    void aCutoutWiderThanWebPHoldsIsRefusedNamingTheFormatAndNotCharged() {
        int width = 16_384;
        int height = 16;
        int[] pixels = new int[width * height];
        for (int i = 0; i < pixels.length; i++) {
            int x = i % width;
            pixels[i] = x > 6000 && x < 10000 ? 0x203040 : 0xF0F0F0;
        }
        byte[] png = new dev.backdrop.image.ImageEncoder().encode(new dev.backdrop.image.RgbImage(width, height, pixels),
                dev.backdrop.image.Encoding.defaultFor(ImageFormat.PNG));
        long before = credits(api.adminKey);
        HttpResponse<byte[]> r = api.post("/v1/cutout", api.adminKey, map("image",
                "data:image/png;base64," + Base64.getEncoder().encodeToString(png), "format", "webp"));
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(400);
        JsonNode error = json(r);
        assertThat(error.get("code").asText()).isEqualTo("image_too_large_for_format");
        assertThat(error.get("field").asText()).isEqualTo("format");
        assertThat(error.get("error").asText()).contains("16383", "16384x16");
        assertThat(credits(api.adminKey)).as("refunded").isEqualTo(before);
    }

    @Test
    void aBrokenMultipartBodyIsTheClientsErrorAndSaysWhatIsWrong() throws Exception {
        String photo = "--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.png\"\r\n\r\n";
        String[][] cases = {
                {"multipart/form-data", "x"},
                {"multipart/form-data; boundary=xyz", "{\"image\": \"x\"}"},
                {"multipart/form-data; boundary=b", photo + "\u0089PNG"},
        };
        for (String[] c : cases) {
            HttpResponse<byte[]> r = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.url("/v1/cutout")))
                    .header("x-api-key", api.adminKey).header("Content-Type", c[0])
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(c[1])).build());
            assertThat(r.statusCode()).as(c[0] + ": " + new String(r.body())).isEqualTo(400);
            JsonNode error = json(r);
            assertThat(error.get("code").asText()).isEqualTo("invalid_request");
            assertThat(error.get("error").asText()).as(c[0]).contains("multipart");
        }
    }

    private static long credits(String key) {
        return json(api.get("/v1/account", key)).get("credits").asLong();
    }
}
