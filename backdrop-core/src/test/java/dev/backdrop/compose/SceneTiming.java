package dev.backdrop.compose;

import dev.backdrop.background.BackgroundRequest;
import dev.backdrop.background.Subject;
import dev.backdrop.scene.Scene;
import dev.backdrop.scene.SceneGenerator;
import dev.backdrop.testing.Bottle;

import java.util.Arrays;

/**
 * Median time of scene rendering and composition at 1024x1024 on one thread, as wall time and as
 * the thread's own CPU time (the honest figure on a machine shared with other work):
 * {@code java -cp ... dev.backdrop.compose.SceneTiming [size] [runs]}.
 */
public final class SceneTiming {

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Subject bottle = Bottle.on(size, size);
        SceneGenerator generator = new SceneGenerator();
        Compositor compositor = new Compositor();
        String[] prompts = {
                "a professional photo of an object on a table made of dark Wood, dark wood countertop, award winning",
                "white marble table, soft light, pastel pink background",
                "linen tablecloth, window light",
                "on the sand at the beach, golden hour",
        };
        for (String prompt : prompts) {
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long[] scene = new long[runs], compose = new long[runs], cpuTotal = new long[runs];
            for (int i = -10; i < runs; i++) {
                long c0 = cpu.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                Scene s = generator.build(BackgroundRequest.of(bottle, prompt, "", i));
                long t1 = System.nanoTime();
                compositor.compose(bottle, s.background(), s.layout(), CompositionOptions.DEFAULT);
                long t2 = System.nanoTime();
                long c2 = cpu.getCurrentThreadCpuTime();
                if (i >= 0) {
                    cpuTotal[i] = c2 - c0;
                    scene[i] = t1 - t0;
                    compose[i] = t2 - t1;
                }
            }
            long[] total = new long[runs];
            for (int i = 0; i < runs; i++) total[i] = scene[i] + compose[i];
            System.out.printf("%-40.40s scene %6.1f ms  compose %6.1f ms  total %6.1f ms  cpu %6.1f ms"
                            + " (medians of %d, %dx%d)%n",
                    prompt, median(scene), median(compose), median(total), median(cpuTotal), runs, size, size);
        }
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }
}
