package dev.backdrop.request;

/**
 * The raw fields of a request as an entrance received them, by their API names: a JSON body, a
 * job submission or the CLI's options. Each read returns null when the field is absent and
 * refuses a value of the wrong type with {@link InvalidRequestException}; ranges and defaults are
 * the validated request types' business, so every entrance gets the same verdicts.
 */
public interface RequestFields {

    String text(String name);

    Long integer(String name);

    Double number(String name);

    Boolean flag(String name);

    /** Whether the field is given at all (null counts as absent). */
    boolean isPresent(String name);

    /** Whether the field is present as text (some fields take a word or a boolean). */
    boolean isText(String name);

    /** An image field: an http(s) URL, a data URL or bare base64 as the APIs take it; null when absent. */
    default ImageSource image(String name) {
        String value = text(name);
        return value == null || value.isBlank() ? null : ImageSource.parse(name, value);
    }
}
