package dev.backdrop.image;

import com.luciad.imageio.webp.WebPWriteParam;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Writes pixel buffers as PNG, JPEG or WebP bytes. Stateless and safe to share between threads. */
public final class ImageEncoder {

    public byte[] encode(RgbaImage image, Encoding encoding) {
        requireFits(image.width(), image.height(), encoding.format());
        if (encoding instanceof Encoding.Jpeg jpeg) {
            return encode(image.flatten(jpeg.background()), jpeg);
        }
        return write(argb(image), encoding);
    }

    public byte[] encode(RgbImage image, Encoding encoding) {
        requireFits(image.width(), image.height(), encoding.format());
        return write(rgb(image), encoding);
    }

    /** The mask as an 8-bit gray PNG, white = subject. */
    public byte[] encodeMask(Mask mask) {
        BufferedImage gray = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] samples = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        float[] alpha = mask.alpha();
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) Math.round(Math.max(0f, Math.min(1f, alpha[i])) * 255f);
        }
        return write(gray, new Encoding.Png());
    }

    /** Refused before any pixel is converted: the writers fail on such sizes with messages of their own. */
    private static void requireFits(int width, int height, ImageFormat format) {
        if (!format.holds(width, height)) {
            throw new ImageTooLargeForFormatException(format, width, height);
        }
    }

    private static byte[] write(BufferedImage image, Encoding encoding) {
        ImageWriter writer = writerFor(encoding.format());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            writer.write(null, new IIOImage(image, null, null), parameters(writer, encoding));
        } catch (IOException | RuntimeException e) {
            throw new ImageEncodingException("could not write " + encoding.format() + ": " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ImageWriteParam parameters(ImageWriter writer, Encoding encoding) {
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (encoding instanceof Encoding.Png png && png.deflateLevel() != Encoding.Png.DEFAULT_LEVEL) {
            // The JDK writer takes its level as a quality, level = 9 * (1 - quality) rounded; a
            // quarter level below the target rounds to it whichever way the writer rounds.
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(1f - (png.deflateLevel() - 0.25f) / 9f);
        } else if (encoding instanceof Encoding.Jpeg jpeg) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(jpeg.quality());
        } else if (encoding instanceof Encoding.WebP webp) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType(webp.lossless() ? "Lossless" : "Lossy");
            param.setCompressionQuality(webp.quality());
            if (webp.lossless() && param instanceof WebPWriteParam webpParam) {
                // Keep the colour under fully transparent pixels, so lossless means exact.
                webpParam.setExact(true);
            }
        }
        return param;
    }

    private static ImageWriter writerFor(ImageFormat format) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByMIMEType(format.mimeType());
        if (!format.writable() || !writers.hasNext()) {
            throw new IllegalArgumentException(format + " cannot be written; use PNG, JPEG or WebP");
        }
        return writers.next();
    }

    /** Wraps the pixel array without copying it. */
    private static BufferedImage argb(RgbaImage image) {
        return packed(image.width(), image.height(), image.pixels(),
                new DirectColorModel(32, 0xFF0000, 0xFF00, 0xFF, 0xFF000000));
    }

    private static BufferedImage rgb(RgbImage image) {
        return packed(image.width(), image.height(), image.pixels(), new DirectColorModel(24, 0xFF0000, 0xFF00, 0xFF));
    }

    private static BufferedImage packed(int width, int height, int[] pixels, DirectColorModel model) {
        DataBuffer buffer = new DataBufferInt(pixels, pixels.length);
        WritableRaster raster = Raster.createPackedRaster(buffer, width, height, width, model.getMasks(), null);
        return new BufferedImage(model, raster, false, null);
    }
}
