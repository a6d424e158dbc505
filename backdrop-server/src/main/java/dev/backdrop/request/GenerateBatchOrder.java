package dev.backdrop.request;

import dev.backdrop.pipeline.ReplaceRequest;
import java.util.List;

/**
 * A checked {@code POST /service/v1/generate-image} request, with the generate-image API's
 * ranges: 1–10 image URLs, each given {@code resultNumber} (1–4) results on the prompt's
 * background; the prompt {@code transparent} asks for cut-outs. Each URL is read on its own when
 * its image is made (see {@link #image}), so one bad entry fails only its own item.
 */
public record GenerateBatchOrder(List<String> urls, String prompt, String negativePrompt,
                                 int resultNumber) {

    static final Bounds RESULT_NUMBER = Bounds.of(1, 4, 1);

    /**
     * @param urls       the {@code image_urls} field (1–10 non-empty strings, checked by the entrance's typed read)
     * @param background the {@code background} object's fields
     */
    public static GenerateBatchOrder read(List<String> urls, RequestFields background, Long resultNumber) {
        String prompt = background.text("prompt");
        if (prompt == null || prompt.isBlank()) {
            throw new InvalidRequestException("background.prompt", "background.prompt is required");
        }
        String negative = background.text("negative_prompt");
        return new GenerateBatchOrder(List.copyOf(urls), prompt, negative == null ? "" : negative,
                RESULT_NUMBER.smallInteger("result_number", resultNumber));
    }

    /** The {@code i}th image's source; a value that is no URL or base64 fails this image alone. */
    public ImageSource image(int i) {
        return ImageSource.parse("image_urls", urls.get(i));
    }

    /** A cut-out is the same for every result: it is charged once, however many URLs it is returned at. */
    public int chargedResults() {
        return ReplaceRequest.isTransparent(prompt) ? 1 : resultNumber;
    }
}
