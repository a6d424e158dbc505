package dev.backdrop.compose;

import dev.backdrop.image.PackedPixels;

/** sRGB (D65) to CIE L*a*b* and the CIEDE2000 colour difference, written out from the CIE formulas. */
final class CieLab {

    private static final float[] LINEAR = new float[256];
    private static final double COS_30 = Math.cos(Math.toRadians(30)), SIN_30 = Math.sin(Math.toRadians(30));
    private static final double COS_6 = Math.cos(Math.toRadians(6)), SIN_6 = Math.sin(Math.toRadians(6));
    private static final double COS_63 = Math.cos(Math.toRadians(63)), SIN_63 = Math.sin(Math.toRadians(63));

    static {
        for (int i = 0; i < 256; i++) {
            double c = i / 255.0;
            LINEAR[i] = (float) (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
    }

    private CieLab() {
    }

    /** L*, a*, b* of a packed 0xRRGGBB colour, written to {@code out}. */
    static void of(int rgb, double[] out) {
        double r = LINEAR[PackedPixels.red(rgb)], g = LINEAR[PackedPixels.green(rgb)], b = LINEAR[PackedPixels.blue(rgb)];
        double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
        double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
        double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
        double fx = f(x), fy = f(y), fz = f(z);
        out[0] = 116 * fy - 16;
        out[1] = 500 * (fx - fy);
        out[2] = 200 * (fy - fz);
    }

    private static double f(double t) {
        return t > 216.0 / 24389 ? Math.cbrt(t) : (24389.0 / 27 * t + 16) / 116;
    }

    /** CIEDE2000 difference between two L*a*b* colours (kL = kC = kH = 1). */
    static double deltaE2000(double[] lab1, double[] lab2) {
        double l1 = lab1[0], a1 = lab1[1], b1 = lab1[2];
        double l2 = lab2[0], a2 = lab2[1], b2 = lab2[2];
        double c1 = Math.sqrt(a1 * a1 + b1 * b1), c2 = Math.sqrt(a2 * a2 + b2 * b2);
        double cMean = (c1 + c2) / 2;
        double c7 = pow7(cMean);
        double g = 0.5 * (1 - Math.sqrt(c7 / (c7 + 6103515625.0))); // 25^7
        double ap1 = a1 * (1 + g), ap2 = a2 * (1 + g);
        double cp1 = Math.sqrt(ap1 * ap1 + b1 * b1), cp2 = Math.sqrt(ap2 * ap2 + b2 * b2);
        double hp1 = hue(b1, ap1), hp2 = hue(b2, ap2);

        double dL = l2 - l1, dC = cp2 - cp1;
        double dh;
        if (cp1 * cp2 == 0) {
            dh = 0;
        } else if (Math.abs(hp2 - hp1) <= 180) {
            dh = hp2 - hp1;
        } else if (hp2 - hp1 > 180) {
            dh = hp2 - hp1 - 360;
        } else {
            dh = hp2 - hp1 + 360;
        }
        double dH = 2 * Math.sqrt(cp1 * cp2) * Math.sin(Math.toRadians(dh / 2));

        double lMean = (l1 + l2) / 2, cpMean = (cp1 + cp2) / 2;
        double hMean;
        if (cp1 * cp2 == 0) {
            hMean = hp1 + hp2;
        } else if (Math.abs(hp1 - hp2) <= 180) {
            hMean = (hp1 + hp2) / 2;
        } else if (hp1 + hp2 < 360) {
            hMean = (hp1 + hp2 + 360) / 2;
        } else {
            hMean = (hp1 + hp2 - 360) / 2;
        }
        // T's four cosines from one sine and cosine by the multiple-angle formulas: trigonometry is
        // most of this function's cost, and it runs for every changed product pixel.
        double hr = Math.toRadians(hMean);
        double c = Math.cos(hr), s = Math.sin(hr);
        double cos2 = 2 * c * c - 1, sin2 = 2 * s * c;
        double cos3 = c * (4 * c * c - 3), sin3 = s * (3 - 4 * s * s);
        double cos4 = 2 * cos2 * cos2 - 1, sin4 = 2 * sin2 * cos2;
        double t = 1 - 0.17 * (c * COS_30 + s * SIN_30) + 0.24 * cos2
                + 0.32 * (cos3 * COS_6 - sin3 * SIN_6) - 0.20 * (cos4 * COS_63 + sin4 * SIN_63);
        double q = (hMean - 275) / 25;
        double dTheta = 30 * Math.exp(-q * q);
        double cp7 = pow7(cpMean);
        double rc = 2 * Math.sqrt(cp7 / (cp7 + 6103515625.0));
        double l50 = (lMean - 50) * (lMean - 50);
        double sl = 1 + 0.015 * l50 / Math.sqrt(20 + l50);
        double sc = 1 + 0.045 * cpMean;
        double sh = 1 + 0.015 * cpMean * t;
        double rt = -Math.sin(Math.toRadians(2 * dTheta)) * rc;
        double vl = dL / sl, vc = dC / sc, vh = dH / sh;
        return Math.sqrt(vl * vl + vc * vc + vh * vh + rt * vc * vh);
    }

    /** x⁷ by multiplication: {@code Math.pow} is several times slower, and this runs per pixel. */
    private static double pow7(double x) {
        double x2 = x * x;
        return x2 * x2 * x2 * x;
    }

    private static double hue(double b, double ap) {
        if (b == 0 && ap == 0) return 0;
        double h = Math.toDegrees(Math.atan2(b, ap));
        return h < 0 ? h + 360 : h;
    }
}
