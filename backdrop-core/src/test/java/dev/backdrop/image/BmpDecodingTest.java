package dev.backdrop.image;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

class BmpDecodingTest extends DecoderSamplesTest {

    @Override
    List<Good> goodSamples() {
        RgbaImage rgb = TestPictures.pattern(37, 21, false); // odd width: rows are padded
        return List.of(new Good("24-bit", TestPictures.write(TestPictures.toBuffered(rgb, BufferedImage.TYPE_3BYTE_BGR), "bmp"),
                ImageFormat.BMP, rgb, 0, false));
    }

    @Override
    List<Broken> brokenSamples() {
        byte[] bmp = TestPictures.write(TestPictures.toBuffered(TestPictures.pattern(37, 21, false),
                BufferedImage.TYPE_3BYTE_BGR), "bmp");
        return List.of(Broken.corrupt("truncated", Arrays.copyOf(bmp, bmp.length / 2)));
    }
}
