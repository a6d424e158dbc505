package dev.backdrop.diffusion;

/**
 * Canny edge detection as ControlNet's canny models were trained on: 3×3 Sobel gradients with
 * the L1 magnitude, non-maximum suppression along four directions and hysteresis between a low
 * and a high threshold (100 and 200 on 0..255 gray, the usual settings).
 */
final class CannyEdges {

    static final double LOW = 100;
    static final double HIGH = 200;

    private CannyEdges() {
    }

    /** A 0/1 edge map of a 0..255 gray plane. */
    static float[] detect(float[] gray, int width, int height, double low, double high) {
        int n = width * height;
        float[] magnitude = new float[n];
        byte[] direction = new byte[n];
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                int i = y * width + x;
                float gx = (gray[i - width + 1] + 2 * gray[i + 1] + gray[i + width + 1])
                        - (gray[i - width - 1] + 2 * gray[i - 1] + gray[i + width - 1]);
                float gy = (gray[i + width - 1] + 2 * gray[i + width] + gray[i + width + 1])
                        - (gray[i - width - 1] + 2 * gray[i - width] + gray[i - width + 1]);
                magnitude[i] = Math.abs(gx) + Math.abs(gy);
                double angle = Math.toDegrees(Math.atan2(gy, gx));
                angle = angle < 0 ? angle + 180 : angle;
                direction[i] = (byte) (angle < 22.5 || angle >= 157.5 ? 0 : angle < 67.5 ? 1 : angle < 112.5 ? 2 : 3);
            }
        }
        byte[] state = new byte[n]; // 0 none, 1 weak, 2 strong
        int[] stack = new int[n];
        int top = 0;
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                int i = y * width + x;
                float m = magnitude[i];
                if (m <= low) {
                    continue;
                }
                int step = switch (direction[i]) {
                    case 0 -> 1;
                    case 1 -> width + 1;
                    case 2 -> width;
                    default -> width - 1;
                };
                if (m < magnitude[i - step] || m < magnitude[i + step]) {
                    continue;
                }
                if (m > high) {
                    state[i] = 2;
                    stack[top++] = i;
                } else {
                    state[i] = 1;
                }
            }
        }
        float[] edges = new float[n];
        while (top > 0) {
            int i = stack[--top];
            edges[i] = 1;
            int x = i % width;
            int y = i / width;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int nx = x + dx, ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) {
                        continue;
                    }
                    int j = ny * width + nx;
                    if (state[j] == 1) {
                        state[j] = 2;
                        stack[top++] = j;
                    }
                }
            }
        }
        return edges;
    }
}
