package dev.backdrop.cli;

import dev.backdrop.InvalidInputException;
import dev.backdrop.request.ImageSource;
import dev.backdrop.request.RequestFields;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * A command's options under the API's field names, so the CLI is held to the same rules as the
 * native API and jobs. Options not given are absent (the rules supply the defaults). A refusal is
 * turned back into a usage error that names the option.
 */
final class OptionFields implements RequestFields {

    private final Map<String, Object> values = new HashMap<>();
    private final Map<String, String> options = new HashMap<>();

    /** Adds a field given by {@code option}; null (not given) leaves it absent. */
    OptionFields put(String field, String option, Object value) {
        options.put(field, option);
        if (value != null) {
            values.put(field, value);
        }
        return this;
    }

    /** A usage error for a refused field, in the option's name: "--steps must be between 1 and 150, got 0". */
    CommandLine.ParameterException usage(CommandLine command, InvalidInputException refused) {
        String field = refused.field();
        String message = refused.getMessage();
        String option = field == null ? null : options.get(field);
        if (option != null) {
            message = message.startsWith(field) ? option + message.substring(field.length()) : option + ": " + message;
        }
        return new CommandLine.ParameterException(command, message);
    }

    @Override
    public ImageSource image(String name) {
        return values.get(name) instanceof ImageSource source ? source : null;
    }

    @Override
    public String text(String name) {
        return values.get(name) instanceof String s ? s : null;
    }

    @Override
    public Long integer(String name) {
        return values.get(name) instanceof Number n ? n.longValue() : null;
    }

    @Override
    public Double number(String name) {
        return values.get(name) instanceof Number n ? n.doubleValue() : null;
    }

    @Override
    public Boolean flag(String name) {
        return values.get(name) instanceof Boolean b ? b : null;
    }

    @Override
    public boolean isPresent(String name) {
        return values.containsKey(name);
    }

    @Override
    public boolean isText(String name) {
        return values.get(name) instanceof String;
    }
}
