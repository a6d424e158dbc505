package dev.backdrop.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/** Turns whatever a reader produced into straight-alpha sRGB pixels packed {@code 0xAARRGGBB}. */
final class SrgbConversion {

    private SrgbConversion() {
    }

    /**
     * @param colorSpace the colour space the samples are really in: usually the image's own, but a
     *     PNG's embedded profile is not applied by the JDK reader and is passed here instead
     */
    static RgbaImage toRgba(BufferedImage image, ColorSpace colorSpace) {
        int w = image.getWidth(), h = image.getHeight();
        if (image.getColorModel() instanceof IndexColorModel) {
            // Palette entries are plain sRGB.
            return new RgbaImage(w, h, image.getRGB(0, 0, w, h, null, 0, w));
        }
        if (colorSpace.getType() == ColorSpace.TYPE_GRAY) {
            return gray(image.getRaster(), image.getColorModel().hasAlpha());
        }
        if (colorSpace.isCS_sRGB()) {
            int[] packed = interleavedBytes(image);
            return new RgbaImage(w, h, packed != null ? packed : image.getRGB(0, 0, w, h, null, 0, w));
        }
        return converted(image, colorSpace);
    }

    /**
     * The pixels of an 8-bit interleaved RGB or RGBA image (what the PNG and JPEG readers give),
     * packed straight from its bytes: the same values {@code getRGB} gives, without a colour-model
     * call per pixel. Null for any other layout.
     */
    private static int[] interleavedBytes(BufferedImage image) {
        if (!(image.getColorModel() instanceof ComponentColorModel model) || model.isAlphaPremultiplied()
                || !(image.getRaster().getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                || !(image.getRaster().getSampleModel() instanceof PixelInterleavedSampleModel layout)) {
            return null;
        }
        int bands = layout.getNumBands();
        boolean alpha = model.hasAlpha();
        if (bands != (alpha ? 4 : 3) || model.getNumComponents() != bands) {
            return null;
        }
        for (int size : model.getComponentSize()) {
            if (size != 8) {
                return null;
            }
        }
        Raster raster = image.getRaster();
        int w = image.getWidth(), h = image.getHeight();
        int[] offsets = layout.getBandOffsets();
        int stride = layout.getPixelStride(), scanline = layout.getScanlineStride();
        // A child raster starts inside its parent's buffer.
        int origin = buffer.getOffset() - raster.getSampleModelTranslateY() * scanline
                - raster.getSampleModelTranslateX() * stride;
        int r = offsets[0], g = offsets[1], b = offsets[2], a = alpha ? offsets[3] : 0;
        byte[] data = buffer.getData();
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            int p = origin + y * scanline;
            int o = y * w;
            for (int x = 0; x < w; x++, p += stride) {
                int opacity = alpha ? data[p + a] & 0xFF : 0xFF;
                out[o + x] = PackedPixels.argb(opacity, PackedPixels.rgb(data[p + r] & 0xFF, data[p + g] & 0xFF, data[p + b] & 0xFF));
            }
        }
        return out;
    }

    /**
     * Gray samples are taken as sRGB-encoded gray, as browsers do. The JDK would treat them as
     * linear and lighten them (gray 100 would come out as 168).
     */
    private static RgbaImage gray(Raster raster, boolean hasAlpha) {
        int w = raster.getWidth(), h = raster.getHeight();
        int grayMax = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
        int alphaMax = hasAlpha ? (1 << raster.getSampleModel().getSampleSize(1)) - 1 : 1;
        int[] grayRow = new int[w];
        int[] alphaRow = new int[w];
        int[] out = new int[w * h];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, grayRow);
            if (hasAlpha) {
                raster.getSamples(0, y, w, 1, 1, alphaRow);
            }
            for (int x = 0; x < w; x++) {
                int v = scale(grayRow[x], grayMax);
                int a = hasAlpha ? scale(alphaRow[x], alphaMax) : 255;
                out[y * w + x] = (a << 24) | (v << 16) | (v << 8) | v;
            }
        }
        return new RgbaImage(w, h, out);
    }

    private static int scale(int sample, int max) {
        return max == 255 ? sample : (int) ((sample * 255L + max / 2) / max);
    }

    /** Any other colour space (an embedded RGB profile, linear RGB, raw CMYK) goes through the CMM. */
    private static RgbaImage converted(BufferedImage image, ColorSpace colorSpace) {
        int[] bytes = convertedBytes(image, colorSpace);
        if (bytes != null) {
            return new RgbaImage(image.getWidth(), image.getHeight(), bytes);
        }
        BufferedImage source = image;
        if (colorSpace != image.getColorModel().getColorSpace()) {
            source = relabel(image, colorSpace);
        }
        int w = image.getWidth(), h = image.getHeight();
        BufferedImage target = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        new ColorConvertOp(null).filter(source, target);
        int[] argb = ((DataBufferInt) target.getRaster().getDataBuffer()).getData();
        if (!image.getColorModel().hasAlpha()) {
            for (int i = 0; i < argb.length; i++) {
                argb[i] |= 0xFF000000;
            }
        }
        return new RgbaImage(w, h, argb);
    }

    /**
     * An 8-bit interleaved RGB or RGBA image in another RGB colour space (a PNG's embedded
     * profile), converted raster to raster: the CMM then works on the bytes, where converting the
     * image calls its colour model for every pixel (three times as long, the same values). Null for
     * any other layout.
     */
    private static int[] convertedBytes(BufferedImage image, ColorSpace colorSpace) {
        Raster raster = image.getRaster();
        boolean alpha = image.getColorModel().hasAlpha();
        if (colorSpace.getType() != ColorSpace.TYPE_RGB || colorSpace.getNumComponents() != 3
                || raster.getTransferType() != DataBuffer.TYPE_BYTE
                || !(raster.getSampleModel() instanceof PixelInterleavedSampleModel)
                || raster.getNumBands() != (alpha ? 4 : 3)) {
            return null;
        }
        for (int size : raster.getSampleModel().getSampleSize()) {
            if (size != 8) {
                return null;
            }
        }
        int w = raster.getWidth(), h = raster.getHeight(), x0 = raster.getMinX(), y0 = raster.getMinY();
        Raster colour = alpha ? raster.createChild(x0, y0, w, h, x0, y0, new int[] {0, 1, 2}) : raster;
        WritableRaster srgb = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 3, null);
        new ColorConvertOp(colorSpace, ColorSpace.getInstance(ColorSpace.CS_sRGB), null).filter(colour, srgb);
        byte[] rgb = ((DataBufferByte) srgb.getDataBuffer()).getData();
        int[] opacity = alpha ? raster.getSamples(x0, y0, w, h, 3, (int[]) null) : null;
        int[] out = new int[w * h];
        for (int i = 0, p = 0; i < out.length; i++, p += 3) {
            int a = alpha ? opacity[i] : 0xFF;
            out[i] = PackedPixels.argb(a, PackedPixels.rgb(rgb[p] & 0xFF, rgb[p + 1] & 0xFF, rgb[p + 2] & 0xFF));
        }
        return out;
    }

    /** The same samples, read as being in {@code colorSpace}. */
    private static BufferedImage relabel(BufferedImage image, ColorSpace colorSpace) {
        boolean alpha = image.getColorModel().hasAlpha();
        ComponentColorModel model = new ComponentColorModel(colorSpace, alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, image.getRaster().getTransferType());
        return new BufferedImage(model, image.getRaster(), false, null);
    }
}
