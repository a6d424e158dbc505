package dev.backdrop.api;

import dev.backdrop.request.ImageSource;
import dev.backdrop.request.InvalidRequestException;
import dev.backdrop.request.RequestFields;
import io.javalin.http.Context;
import java.util.Locale;

/** A multipart form's fields: the uploaded photo as {@code image}, the rest as text form fields. */
final class FormFields implements RequestFields {

    private final Context ctx;
    private final ImageSource image;

    FormFields(Context ctx, ImageSource image) {
        this.ctx = ctx;
        this.image = image;
    }

    @Override
    public ImageSource image(String name) {
        return name.equals("image") ? image : null;
    }

    @Override
    public String text(String name) {
        String value = ctx.formParam(name);
        return value == null || value.isEmpty() ? null : value;
    }

    @Override
    public Long integer(String name) {
        String value = text(name);
        try {
            return value == null ? null : Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name, name + " must be an integer, not '" + value + "'");
        }
    }

    @Override
    public Double number(String name) {
        String value = text(name);
        try {
            return value == null ? null : Double.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name, name + " must be a number, not '" + value + "'");
        }
    }

    @Override
    public Boolean flag(String name) {
        String value = text(name);
        if (value == null) {
            return null;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new InvalidRequestException(name, name + " must be true or false, not '" + value + "'");
        };
    }

    @Override
    public boolean isPresent(String name) {
        return name.equals("image") || text(name) != null;
    }

    @Override
    public boolean isText(String name) {
        return text(name) != null;
    }
}
