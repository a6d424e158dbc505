package dev.backdrop.service;

import dev.backdrop.image.Encoding;
import dev.backdrop.image.ImageEncoder;
import dev.backdrop.image.ImageFormat;
import dev.backdrop.pipeline.ReplaceResult;
import dev.backdrop.storage.PublicUrls;
import dev.backdrop.storage.ResultKeys;
import dev.backdrop.storage.ResultStore;
import dev.backdrop.compose.Layers;
import dev.backdrop.request.OutputPolicy;
import dev.backdrop.segment.Cutout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes results under the request's {@link OutputPolicy} and stores them, returning the absolute
 * URLs clients fetch them from.
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

    public List<String> publish(List<ReplaceResult> results, OutputPolicy policy) {
        ResultKeys.Batch batch = keys.newResults();
        List<String> out = new ArrayList<>();
        for (ReplaceResult r : results) {
            ImageFormat format = policy.formatFor(r.isCutout());
            byte[] bytes = encoder.encode(r.image(), policy.encoding(r.isCutout(), false));
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

    /** A cut-out and its mask, stored: their URLs as {@code image_url} and {@code mask_url}. */
    public Map<String, String> publishCutout(Cutout cutout, OutputPolicy policy) {
        ResultKeys.Batch batch = keys.newResults();
        ImageFormat format = policy.formatFor(true);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("image_url", put(batch.key(0, format.extension()), encodeCutout(cutout, policy), format));
        out.put("mask_url", put(batch.key(1, ImageFormat.PNG.extension()), encoder.encodeMask(cutout.mask()),
                ImageFormat.PNG));
        return out;
    }

    /** A cut-out answered at once (PNG at the fast level). */
    public byte[] encodeCutout(Cutout cutout, OutputPolicy policy) {
        return encoder.encode(cutout.image(), policy.encoding(true, true));
    }

    public byte[] encodeMask(Cutout cutout) {
        return encoder.encodeMask(cutout.mask());
    }

    public byte[] encode(ReplaceResult result, OutputPolicy policy) {
        return encoder.encode(result.image(), policy.encoding(result.isCutout(), true));
    }
}
