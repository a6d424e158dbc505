package dev.backdrop.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The run-based labelling against a plain pixel-by-pixel flood fill, on random and blobby maps. */
class ConnectedRegionsTest {

    @ParameterizedTest
    @CsvSource({"1, 0.3, true", "2, 0.5, false", "3, 0.5, true", "4, 0.7, false", "5, 0.05, true", "6, 0.95, false"})
    void labelsLikeAFloodFill(long seed, double density, boolean eightConnected) {
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            int width = 1 + random.nextInt(70), height = 1 + random.nextInt(50);
            boolean[] inside = round % 2 == 0 ? noise(random, width, height, density) : blobs(random, width, height);
            ConnectedRegions regions = ConnectedRegions.of(inside, width, height, eightConnected);
            Flood flood = floodFill(inside, width, height, eightConnected);
            int[] labels = new int[inside.length];
            regions.forEachRun((region, offset, length) -> Arrays.fill(labels, offset, offset + length, region));
            assertThat(regions.count()).isEqualTo(flood.count());
            assertThat(labels).containsExactly(flood.labels());
            assertThat(regions.areas()).containsExactly(flood.areas());
            boolean[] border = new boolean[flood.count() + 1];
            for (int i = 0; i < labels.length; i++) {
                int x = i % width, y = i / width;
                if (labels[i] > 0 && (x == 0 || y == 0 || x == width - 1 || y == height - 1)) {
                    border[labels[i]] = true;
                }
            }
            assertThat(regions.touchingTheBorder()).containsExactly(border);
        }
    }

    private static boolean[] noise(Random random, int width, int height, double density) {
        boolean[] inside = new boolean[width * height];
        for (int i = 0; i < inside.length; i++) {
            inside[i] = random.nextDouble() < density;
        }
        return inside;
    }

    /** Discs and rings, so regions wrap around holes and touch only at corners. */
    private static boolean[] blobs(Random random, int width, int height) {
        boolean[] inside = new boolean[width * height];
        for (int k = 0; k < 6; k++) {
            double cx = random.nextDouble() * width, cy = random.nextDouble() * height;
            double outer = 2 + random.nextDouble() * 12, inner = random.nextBoolean() ? outer / 2 : 0;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double d = Math.hypot(x - cx, y - cy);
                    if (d < outer && d >= inner) {
                        inside[y * width + x] = true;
                    }
                }
            }
        }
        return inside;
    }

    private record Flood(int[] labels, int count, int[] areas) {
    }

    /** Breadth-first flood fill from each unlabelled pixel in raster order. */
    private static Flood floodFill(boolean[] inside, int width, int height, boolean eightConnected) {
        int[] labels = new int[inside.length];
        int[] queue = new int[inside.length];
        int[] areas = new int[inside.length + 1];
        int count = 0;
        for (int start = 0; start < inside.length; start++) {
            if (!inside[start] || labels[start] != 0) {
                continue;
            }
            count++;
            int head = 0, tail = 0;
            queue[tail++] = start;
            labels[start] = count;
            while (head < tail) {
                int i = queue[head++];
                int x = i % width, y = i / width;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx, ny = y + dy;
                        boolean diagonal = dx != 0 && dy != 0;
                        if (nx < 0 || ny < 0 || nx >= width || ny >= height || (dx == 0 && dy == 0)
                                || (diagonal && !eightConnected)) {
                            continue;
                        }
                        int j = ny * width + nx;
                        if (inside[j] && labels[j] == 0) {
                            labels[j] = count;
                            queue[tail++] = j;
                        }
                    }
                }
            }
            areas[count] = tail;
        }
        return new Flood(labels, count, Arrays.copyOf(areas, count + 1));
    }
}
