package dev.backdrop.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Whole-number options that count something (runs, workers, threads), read with their lower bound
 * checked, so 0 or -1 is a usage error naming the option instead of a failure deep inside.
 */
final class Count {

    private Count() {
    }

    private static int atLeast(int least, String value) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        if (n < least) {
            throw new TypeConversionException("must be " + least + " or more, not " + n);
        }
        return n;
    }

    /** 1 or more. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(1, value);
        }
    }

    /** 0 or more. */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(0, value);
        }
    }

    /** A TCP port: 0 (any free one) to 65535. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port = atLeast(0, value);
            if (port > 65_535) {
                throw new TypeConversionException("a port is 0 to 65535, not " + port);
            }
            return port;
        }
    }
}
