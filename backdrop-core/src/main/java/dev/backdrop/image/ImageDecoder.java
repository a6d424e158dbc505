package dev.backdrop.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import dev.backdrop.BackdropException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes untrusted image bytes into upright sRGB pixels. Sizes are checked against
 * {@link ImageLimits} before decoding; every failure is reported as an
 * {@link ImageTooLargeException}, {@link UnsupportedImageException} or {@link CorruptImageException}.
 * Instances are immutable and safe to share between threads.
 */
public final class ImageDecoder {

    private final ImageLimits limits;

    public ImageDecoder() {
        this(ImageLimits.DEFAULT);
    }

    public ImageDecoder(ImageLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ImageLimits limits() {
        return limits;
    }

    /** Reads and decodes a file; the size limit is checked before the file is read. */
    public DecodedImage decode(Path file) throws IOException {
        limits.checkBytes(Files.size(file));
        return decode(Files.readAllBytes(file));
    }

    public DecodedImage decode(byte[] data) {
        return read(data, (reader, format, bytes) -> {
            TruncationWatch truncation = new TruncationWatch();
            reader.addIIOReadWarningListener(truncation);
            BufferedImage image = reader.read(0);
            truncation.check(format);
            ColorSpace colorSpace = colorSpace(image, format, bytes);
            RgbaImage pixels = SrgbConversion.toRgba(image, colorSpace);
            return new DecodedImage(ExifOrientation.of(format, bytes).apply(pixels), format,
                    image.getColorModel().hasAlpha());
        });
    }

    /**
     * The size the header declares, read without decoding a pixel (the limits are checked), so a
     * caller can reserve memory for the image before {@link #decode} allocates it.
     */
    public ImageSize size(byte[] data) {
        return read(data, (reader, format, bytes) -> new ImageSize(reader.getWidth(0), reader.getHeight(0)));
    }

    /** What to do with a reader whose header has been read and checked against the limits. */
    @FunctionalInterface
    private interface HeaderRead<T> {
        T apply(ImageReader reader, ImageFormat format, byte[] data) throws IOException;
    }

    private <T> T read(byte[] data, HeaderRead<T> then) {
        limits.checkBytes(data.length);
        if (data.length == 0) {
            throw new CorruptImageException("image is empty (0 bytes)");
        }
        ImageFormat format = ImageFormat.detect(data).orElseThrow(() -> new UnsupportedImageException(
                "not a supported image: expected JPEG, PNG, WebP, BMP or TIFF content"));
        if (format == ImageFormat.WEBP) {
            requireWholeRiff(data);
            // The reader looks past the declared end for chunks; it gets the declared file only.
            data = Arrays.copyOf(data, (int) riffLength(data));
            WebPFrames.check(data, limits);
        }
        ImageReader reader = readerFor(format);
        try (ImageInputStream input = new ByteArrayImageInputStream(data)) {
            // The JDK's PNG reader inflates text chunks into its metadata without a bound, so PNG
            // metadata is skipped; its colour profile is taken from the bytes instead.
            reader.setInput(input, true, format == ImageFormat.PNG);
            limits.checkPixels(reader.getWidth(0), reader.getHeight(0));
            return then.apply(reader, format, data);
        } catch (BackdropException e) {
            throw e;
        } catch (IIOException e) {
            throw new CorruptImageException(describe(format) + " cannot be decoded: " + reason(e), e);
        } catch (IOException | RuntimeException e) {
            // Readers fail on hostile input with EOFException, IndexOutOfBounds, NegativeArraySize, ...
            throw new CorruptImageException(describe(format) + " is damaged or truncated: " + reason(e), e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The WebP reader decodes a cut-off file without complaint, leaving the missing part blank; the
     * RIFF header states the full length, so a short file is caught here.
     */
    private static void requireWholeRiff(byte[] data) {
        long declared = riffLength(data);
        if (data.length < declared) {
            throw new CorruptImageException("WEBP image is truncated: its header declares " + declared
                    + " bytes but only " + data.length + " arrived");
        }
    }

    /** The length a RIFF header declares for the whole file. */
    private static long riffLength(byte[] data) {
        return 8 + ((data[4] & 0xFFL) | (data[5] & 0xFFL) << 8 | (data[6] & 0xFFL) << 16 | (data[7] & 0xFFL) << 24);
    }

    /** Prefers the TwelveMonkeys readers (pure Java) over others registered for the same format. */
    private static ImageReader readerFor(ImageFormat format) {
        ImageReader fallback = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByMIMEType(format.mimeType()); it.hasNext(); ) {
            ImageReader reader = it.next();
            if (reader.getClass().getName().startsWith("com.twelvemonkeys.")) {
                if (fallback != null) {
                    fallback.dispose();
                }
                return reader;
            }
            if (fallback == null) {
                fallback = reader;
            } else {
                reader.dispose();
            }
        }
        if (fallback == null) {
            throw new UnsupportedImageException("no decoder for " + describe(format) + " is installed");
        }
        return fallback;
    }

    private static ColorSpace colorSpace(BufferedImage image, ImageFormat format, byte[] data) {
        ColorSpace own = image.getColorModel().getColorSpace();
        if (format != ImageFormat.PNG) {
            return own; // the TwelveMonkeys readers apply or attach embedded profiles themselves
        }
        Optional<ICC_Profile> profile = PngColorProfile.read(data);
        if (profile.isEmpty()) {
            return own;
        }
        ICC_ColorSpace embedded = new ICC_ColorSpace(profile.get());
        // A profile that does not fit the pixels (e.g. gray profile on RGB data) is ignored, as viewers do.
        boolean fits = embedded.getNumComponents() == own.getNumComponents() && own.getType() == embedded.getType();
        return fits && !embedded.isCS_sRGB() ? embedded : own;
    }

    private static String describe(ImageFormat format) {
        return format.name() + " image";
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName().replaceAll("(?<=[a-z])(?=[A-Z])", " ").toLowerCase(Locale.ROOT)
                : message;
    }
}
