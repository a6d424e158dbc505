package dev.backdrop.segment;

import java.util.Arrays;

/**
 * Labels the connected regions of a binary pixel map. {@code labels[i]} is the region of pixel
 * {@code i} counted from 1 in the order of each region's first pixel (row by row), 0 outside every
 * region. Works on runs of inside pixels rather than on pixels: a mask at 12 MP has a few thousand
 * runs, so joining them (union-find) costs little next to one pass over the map.
 */
record ConnectedRegions(int[] labels, int count, int[] areas) {

    /**
     * @param eightConnected diagonal neighbours join regions (for the subject, so a thin diagonal
     *                       strut stays one piece); otherwise only the four direct neighbours (for
     *                       the background, the complement of an 8-connected subject)
     */
    static ConnectedRegions of(boolean[] inside, int width, int height, boolean eightConnected) {
        Runs runs = Runs.of(inside, width, height);
        int reach = eightConnected ? 1 : 0;
        int[] parent = new int[runs.count];
        for (int r = 0; r < runs.count; r++) {
            parent[r] = r;
        }
        // Each run joins the runs of the row above that touch it.
        for (int y = 1; y < height; y++) {
            int above = runs.firstOfRow[y - 1], aboveEnd = runs.firstOfRow[y];
            for (int r = runs.firstOfRow[y]; r < runs.firstOfRow[y + 1]; r++) {
                int from = runs.start[r] - reach, to = runs.end[r] + reach;
                while (above < aboveEnd && runs.end[above] <= from) {
                    above++;
                }
                for (int a = above; a < aboveEnd && runs.start[a] < to; a++) {
                    union(parent, r, a);
                }
            }
        }
        // Numbered by first run in raster order, which is the region's first pixel.
        int[] labels = new int[inside.length];
        int[] regionOfRoot = new int[runs.count];
        int[] areas = new int[16];
        int count = 0;
        for (int r = 0; r < runs.count; r++) {
            int root = find(parent, r);
            if (regionOfRoot[root] == 0) {
                regionOfRoot[root] = ++count;
                if (count >= areas.length) {
                    areas = Arrays.copyOf(areas, areas.length * 2);
                }
            }
            int region = regionOfRoot[root];
            int row = runs.row[r] * width;
            Arrays.fill(labels, row + runs.start[r], row + runs.end[r], region);
            areas[region] += runs.end[r] - runs.start[r];
        }
        return new ConnectedRegions(labels, count, Arrays.copyOf(areas, count + 1));
    }

    private static int find(int[] parent, int r) {
        while (parent[r] != r) {
            parent[r] = parent[parent[r]];
            r = parent[r];
        }
        return r;
    }

    private static void union(int[] parent, int p, int q) {
        int a = find(parent, p), b = find(parent, q);
        if (a != b) {
            // The earlier run stays the root, so a root is its region's first run.
            parent[Math.max(a, b)] = Math.min(a, b);
        }
    }

    /** The runs of inside pixels, row by row: run {@code r} covers {@code [start, end)} of row {@code row}. */
    private static final class Runs {
        int count;
        int[] row = new int[64], start = new int[64], end = new int[64];
        /** Index of the first run of each row; {@code firstOfRow[height]} is the number of runs. */
        int[] firstOfRow;

        static Runs of(boolean[] inside, int width, int height) {
            Runs runs = new Runs();
            runs.firstOfRow = new int[height + 1];
            for (int y = 0; y < height; y++) {
                runs.firstOfRow[y] = runs.count;
                int o = y * width;
                int x = 0;
                while (x < width) {
                    while (x < width && !inside[o + x]) {
                        x++;
                    }
                    if (x == width) {
                        break;
                    }
                    int s = x;
                    while (x < width && inside[o + x]) {
                        x++;
                    }
                    runs.add(y, s, x);
                }
            }
            runs.firstOfRow[height] = runs.count;
            return runs;
        }

        private void add(int y, int s, int e) {
            if (count == row.length) {
                row = Arrays.copyOf(row, count * 2);
                start = Arrays.copyOf(start, count * 2);
                end = Arrays.copyOf(end, count * 2);
            }
            row[count] = y;
            start[count] = s;
            end[count] = e;
            count++;
        }
    }
}
