package dev.backdrop.segment;

import java.util.Arrays;

/**
 * Labels the connected regions of a binary pixel map (breadth-first, one int stack, no recursion).
 * {@code labels[i]} is the region of pixel {@code i} counted from 1, 0 outside every region.
 */
record ConnectedRegions(int[] labels, int count, int[] areas) {

    /**
     * @param eightConnected diagonal neighbours join regions (for the subject, so a thin diagonal
     *                       strut stays one piece); otherwise only the four direct neighbours (for
     *                       the background, the complement of an 8-connected subject)
     */
    static ConnectedRegions of(boolean[] inside, int width, int height, boolean eightConnected) {
        int[] labels = new int[inside.length];
        int[] queue = new int[inside.length];
        int[] areas = new int[16];
        int count = 0;
        for (int start = 0; start < inside.length; start++) {
            if (!inside[start] || labels[start] != 0) {
                continue;
            }
            count++;
            if (count >= areas.length) {
                areas = Arrays.copyOf(areas, areas.length * 2);
            }
            int head = 0, tail = 0;
            queue[tail++] = start;
            labels[start] = count;
            while (head < tail) {
                int i = queue[head++];
                int x = i % width, y = i / width;
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = y + dy;
                    if (ny < 0 || ny >= height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        if (nx < 0 || nx >= width || (dx == 0 && dy == 0) || (!eightConnected && dx != 0 && dy != 0)) {
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
        return new ConnectedRegions(labels, count, Arrays.copyOf(areas, count + 1));
    }
}
