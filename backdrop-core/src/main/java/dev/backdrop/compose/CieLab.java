package dev.backdrop.compose;

/** sRGB (D65) to CIE L*a*b* and the CIEDE2000 colour difference, written out from the CIE formulas. */
final class CieLab {

    private static final float[] LINEAR = new float[256];

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
        double r = LINEAR[(rgb >> 16) & 0xFF], g = LINEAR[(rgb >> 8) & 0xFF], b = LINEAR[rgb & 0xFF];
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
        double c1 = Math.hypot(a1, b1), c2 = Math.hypot(a2, b2);
        double cMean = (c1 + c2) / 2;
        double c7 = Math.pow(cMean, 7);
        double g = 0.5 * (1 - Math.sqrt(c7 / (c7 + 6103515625.0))); // 25^7
        double ap1 = a1 * (1 + g), ap2 = a2 * (1 + g);
        double cp1 = Math.hypot(ap1, b1), cp2 = Math.hypot(ap2, b2);
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
        double t = 1 - 0.17 * Math.cos(Math.toRadians(hMean - 30)) + 0.24 * Math.cos(Math.toRadians(2 * hMean))
                + 0.32 * Math.cos(Math.toRadians(3 * hMean + 6)) - 0.20 * Math.cos(Math.toRadians(4 * hMean - 63));
        double dTheta = 30 * Math.exp(-Math.pow((hMean - 275) / 25, 2));
        double cp7 = Math.pow(cpMean, 7);
        double rc = 2 * Math.sqrt(cp7 / (cp7 + 6103515625.0));
        double l50 = (lMean - 50) * (lMean - 50);
        double sl = 1 + 0.015 * l50 / Math.sqrt(20 + l50);
        double sc = 1 + 0.045 * cpMean;
        double sh = 1 + 0.015 * cpMean * t;
        double rt = -Math.sin(Math.toRadians(2 * dTheta)) * rc;
        double vl = dL / sl, vc = dC / sc, vh = dH / sh;
        return Math.sqrt(vl * vl + vc * vc + vh * vh + rt * vc * vh);
    }

    private static double hue(double b, double ap) {
        if (b == 0 && ap == 0) return 0;
        double h = Math.toDegrees(Math.atan2(b, ap));
        return h < 0 ? h + 360 : h;
    }
}
