package dev.backdrop.api;

import dev.backdrop.image.Encoding;
import dev.backdrop.image.ImageEncoder;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.pipeline.ReplaceResult;
import dev.backdrop.storage.PublicUrls;
import dev.backdrop.storage.ResultKeys;
import dev.backdrop.storage.ResultStore;
import dev.backdrop.compose.Layers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes results and stores them, returning the absolute URLs clients fetch them from. Cut-outs
 * keep their alpha (PNG unless WebP is asked for); photos default to JPEG.
 */
public final class ResultPublisher {

    private final ResultStore store;
    private final ResultKeys keys;
    private final PublicUrls urls;
    private final ImageEncoder encoder = new ImageEncoder();

    public ResultPublisher(ResultStore store, ResultKeys keys, PublicUrls urls) {
        this.store = store;
        this.keys = keys;
        this.urls = urls;
    }

    public List<String> publish(List<ReplaceResult> results, ImageFormat requested) {
        ResultKeys.Batch batch = keys.newResults();
        List<String> out = new ArrayList<>();
        for (ReplaceResult r : results) {
            ImageFormat format = formatFor(r, requested);
            byte[] bytes = encoder.encode(r.image(), Encoding.defaultFor(format));
            String key = batch.key(r.sample(), format.extension());
            store.put(key, bytes, format.mimeType());
            out.add(urls.fileUrl(key));
        }
        return out;
    }

    /**
     * Stores a result's layers for editing: cut-out and shadow as PNG with alpha, the background as
     * JPEG, the mask as a gray PNG. Returns their URLs by layer name.
     */
    public Map<String, String> publishLayers(Layers layers) {
        ResultKeys.Batch batch = keys.newResults();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("cutout", put(batch.key(0, "png"), encoder.encode(layers.cutout(), Encoding.png()), ImageFormat.PNG));
        out.put("shadow", put(batch.key(1, "png"), encoder.encode(layers.shadow(), Encoding.png()), ImageFormat.PNG));
        out.put("background", put(batch.key(2, ImageFormat.JPEG.extension()),
                encoder.encode(layers.background(), Encoding.defaultFor(ImageFormat.JPEG)), ImageFormat.JPEG));
        out.put("mask", put(batch.key(3, "png"), encoder.encodeMask(layers.mask()), ImageFormat.PNG));
        return out;
    }

    private String put(String key, byte[] bytes, ImageFormat format) {
        store.put(key, bytes, format.mimeType());
        return urls.fileUrl(key);
    }

    public byte[] encode(ReplaceResult result, ImageFormat requested) {
        return encoder.encode(result.image(), Encoding.defaultFor(formatFor(result, requested)));
    }

    /** A cut-out never loses its alpha to JPEG; without a request, photos are JPEG and cut-outs PNG. */
    public static ImageFormat formatFor(ReplaceResult result, ImageFormat requested) {
        if (result.isCutout()) {
            return requested != null && requested.keepsAlpha() ? requested : ImageFormat.PNG;
        }
        return requested != null ? requested : ImageFormat.JPEG;
    }
}
