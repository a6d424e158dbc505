package dev.backdrop.request;

/**
 * An inclusive range of a numeric field and its default, checked with the API's field name in
 * the message.
 */
public record Bounds(double min, double max, double fallback) {

    public static Bounds of(double min, double max, double fallback) {
        return new Bounds(min, max, fallback);
    }

    /** The field's value within the range, or the default when it is absent. */
    public double number(String field, Double value) {
        if (value == null) {
            return fallback;
        }
        if (!(value >= min && value <= max)) {
            throw outside(field, value);
        }
        return value;
    }

    public long integer(String field, Long value) {
        if (value == null) {
            return (long) fallback;
        }
        if (value < min || value > max) {
            throw outside(field, value);
        }
        return value;
    }

    public int smallInteger(String field, Long value) {
        return Math.toIntExact(integer(field, value));
    }

    private InvalidRequestException outside(String field, double value) {
        return new InvalidRequestException(field, field + " must be between " + text(min) + " and " + text(max)
                + ", got " + text(value));
    }

    static String text(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e18 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
