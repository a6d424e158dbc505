package dev.backdrop.segment;

import java.util.Arrays;

/**
 * The connected regions of a binary pixel map, as runs of inside pixels along rows, each with its
 * region counted from 1 in the order of the region's first pixel (row by row). Working on runs
 * rather than pixels, a mask at 12 MP has a few thousand of them, so joining them (union-find) and
 * walking them costs little next to one pass over the map, and no per-pixel label is stored.
 */
final class ConnectedRegions {

    /** What a walk over the runs is given: a run of {@code length} pixels from {@code offset} (row × width + column). */
    @FunctionalInterface
    interface RunVisitor {
        void visit(int region, int offset, int length);
    }

    private final int width;
    private final int height;
    private final Runs runs;
    private final int[] regionOfRun;
    private final int count;
    private final int[] areas;

    private ConnectedRegions(int width, int height, Runs runs, int[] regionOfRun, int count, int[] areas) {
        this.width = width;
        this.height = height;
        this.runs = runs;
        this.regionOfRun = regionOfRun;
        this.count = count;
        this.areas = areas;
    }

    /** How many regions there are. */
    int count() {
        return count;
    }

    /** {@code areas[r]} is the number of pixels of region {@code r}; index 0 is unused. */
    int[] areas() {
        return areas;
    }

    /** Visits every run, row by row. */
    void forEachRun(RunVisitor visitor) {
        for (int r = 0; r < runs.count; r++) {
            visitor.visit(regionOfRun[r], runs.row[r] * width + runs.start[r], runs.end[r] - runs.start[r]);
        }
    }

    /** A test of one value of a plane. */
    @FunctionalInterface
    interface ValueTest {
        boolean test(float value);
    }

    /** Sets {@code marks[r]} for each region with a pixel whose value in {@code plane} passes {@code test}. */
    void markWhereAny(float[] plane, ValueTest test, boolean[] marks) {
        forEachRun((region, offset, length) -> {
            for (int i = offset; i < offset + length && !marks[region]; i++) {
                marks[region] = test.test(plane[i]);
            }
        });
    }

    /** Writes {@code value} into {@code plane} over every region not marked in {@code marks}. */
    void fillUnmarked(float[] plane, boolean[] marks, float value) {
        forEachRun((region, offset, length) -> {
            if (!marks[region]) {
                Arrays.fill(plane, offset, offset + length, value);
            }
        });
    }

    /** {@code touches[r]} is true for each region with a pixel on the map's border. */
    boolean[] touchingTheBorder() {
        boolean[] touches = new boolean[count + 1];
        for (int r = 0; r < runs.count; r++) {
            if (runs.row[r] == 0 || runs.row[r] == height - 1 || runs.start[r] == 0 || runs.end[r] == width) {
                touches[regionOfRun[r]] = true;
            }
        }
        return touches;
    }

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
        int[] regionOfRoot = new int[runs.count];
        int[] regionOfRun = new int[runs.count];
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
            regionOfRun[r] = regionOfRoot[root];
            areas[regionOfRun[r]] += runs.end[r] - runs.start[r];
        }
        return new ConnectedRegions(width, height, runs, regionOfRun, count, Arrays.copyOf(areas, count + 1));
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
