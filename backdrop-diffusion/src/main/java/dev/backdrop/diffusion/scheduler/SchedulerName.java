package dev.backdrop.diffusion.scheduler;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The scheduler names a request may use, exactly as the public API spells them, each mapped to
 * its algorithm. Names match case-sensitively.
 */
public enum SchedulerName {
    DDIM("DDIM", DdimScheduler::new),
    DPM_MULTI("DPM Multi", DpmSolverMultistepScheduler::new),
    DPM_SINGLE("DPM Single", DpmSolverSinglestepScheduler::new),
    EULER_A("Euler a", EulerAncestralScheduler::new),
    EULER("Euler", EulerScheduler::new),
    HEUN("Heun", HeunScheduler::new),
    DPM2_A_KARRAS("DPM2 a Karras", config -> KDpm2Scheduler.ancestral(config.withKarrasSigmas())),
    DPM2_KARRAS("DPM2 Karras", config -> new KDpm2Scheduler(config.withKarrasSigmas())),
    LMS("LMS", LmsScheduler::new),
    PNDM("PNDM", PndmScheduler::new),
    DDPM("DDPM", DdpmScheduler::new),
    UNIPC("UniPC", UniPcScheduler::new);

    /** The scheduler used when a request names none. */
    public static final SchedulerName DEFAULT = DPM2_KARRAS;

    private final String apiName;
    private final Function<SchedulerConfig, Scheduler> factory;

    SchedulerName(String apiName, Function<SchedulerConfig, Scheduler> factory) {
        this.apiName = apiName;
        this.factory = factory;
    }

    /** The name as the API spells it, e.g. {@code "Euler a"}. */
    public String apiName() {
        return apiName;
    }

    /** A new scheduler of this kind for a model's scheduler config. */
    public Scheduler create(SchedulerConfig config) {
        return factory.apply(config);
    }

    /** The scheduler of an API name; {@code null} gives the default. */
    public static SchedulerName parse(String name) {
        if (name == null) {
            return DEFAULT;
        }
        for (SchedulerName value : values()) {
            if (value.apiName.equals(name)) {
                return value;
            }
        }
        String allowed = Arrays.stream(values()).map(value -> "\"" + value.apiName + "\"")
                .collect(Collectors.joining(", "));
        throw new UnknownSchedulerException("unknown scheduler \"" + name + "\"; use one of " + allowed
                + " (names are case-sensitive)");
    }

    @Override
    public String toString() {
        return apiName;
    }
}
