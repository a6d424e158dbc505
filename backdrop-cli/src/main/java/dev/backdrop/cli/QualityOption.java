package dev.backdrop.cli;

import dev.backdrop.segment.CutoutQuality;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --quality standard|high} in lower case, as the other options are written. */
final class QualityOption implements ITypeConverter<CutoutQuality> {

    @Override
    public CutoutQuality convert(String value) {
        try {
            return CutoutQuality.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("--quality must be standard or high, not '" + value + "'");
        }
    }
}
