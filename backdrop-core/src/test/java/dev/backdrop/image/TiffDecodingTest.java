package dev.backdrop.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.List;

class TiffDecodingTest extends DecoderSamplesTest {

    @Override
    List<Good> goodSamples() {
        RgbaImage rgba = TestPictures.pattern(30, 20, true);
        RgbaImage rgb = TestPictures.pattern(30, 20, false);
        return List.of(
                new Good("rgba", TestPictures.write(TestPictures.toBuffered(rgba, BufferedImage.TYPE_INT_ARGB), "tiff"),
                        ImageFormat.TIFF, rgba, 0, true),
                new Good("rgb", TestPictures.write(TestPictures.toBuffered(rgb, BufferedImage.TYPE_INT_RGB), "tiff"),
                        ImageFormat.TIFF, rgb, 0, false),
                new Good("linear-light ICC profile", linearProfileTiff(), ImageFormat.TIFF,
                        JpegDecodingTest.uniform(8, 8, 0xFFBCBCBC), 2, false));
    }

    @Override
    List<Broken> brokenSamples() {
        byte[] tiff = TestPictures.write(TestPictures.toBuffered(TestPictures.pattern(30, 20, false),
                BufferedImage.TYPE_INT_RGB), "tiff");
        return List.of(Broken.corrupt("truncated", Arrays.copyOf(tiff, tiff.length / 3)));
    }

    private static byte[] linearProfileTiff() {
        ColorSpace linear = new ICC_ColorSpace(ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB));
        ComponentColorModel model = new ComponentColorModel(linear, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(8, 8);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                raster.setPixel(x, y, new int[] {128, 128, 128});
            }
        }
        return TestPictures.write(new BufferedImage(model, raster, false, null), "tiff");
    }
}
