package dev.backdrop.request;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A checked request for the cut-out alone: what {@code POST /v1/cutout}, a cut-out job and
 * {@code backdrop cutout} all become.
 *
 * @param crop   crop to the subject's box
 * @param output PNG unless WebP is asked for; both keep the alpha
 */
public record CutoutOrder(ImageSource image, boolean crop, OutputPolicy output) implements JobWork {

    /** The layout fields of a replace: refused for a cut-out rather than ignored, so a mistaken request says so. */
    private static final List<String> REPLACE_ONLY = List.of("prompt", "aspect", "size", "placement", "fill", "padding",
            "shadow", "shadow_strength", "layers", "ref_image");

    public static CutoutOrder read(RequestFields fields) {
        for (String field : REPLACE_ONLY) {
            if (fields.isPresent(field)) {
                throw new InvalidRequestException(field, field + " applies to replace; a cut-out takes image, format"
                        + " and crop");
            }
        }
        ImageSource image = fields.image("image");
        if (image == null) {
            throw new InvalidRequestException("image", "image is required: an image URL or base64 data");
        }
        return new CutoutOrder(image, Boolean.TRUE.equals(fields.flag("crop")), OutputPolicy.read(fields, true));
    }

    @Override
    public String kind() {
        return "cutout";
    }

    public CutoutOrder withImage(UnaryOperator<ImageSource> change) {
        return new CutoutOrder(change.apply(image), crop, output);
    }
}
