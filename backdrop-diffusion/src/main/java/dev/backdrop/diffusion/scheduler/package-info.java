/**
 * Diffusion samplers ("schedulers") for the Stable Diffusion pipeline: the settings of a model's
 * {@code scheduler_config.json} ({@link dev.backdrop.diffusion.scheduler.SchedulerConfig}), the
 * algorithms behind the API's scheduler names ({@link dev.backdrop.diffusion.scheduler.SchedulerName}),
 * the LCM scheduler a model distilled for it names in its config (not an API name,
 * {@link dev.backdrop.diffusion.scheduler.LcmScheduler}) and the
 * {@link dev.backdrop.diffusion.scheduler.Scheduler} contract the denoising loop drives.
 * The algorithms follow the Hugging Face diffusers implementations closely enough to reproduce
 * their published test results; where they differ on purpose, the class says so.
 *
 * <p>Element loops on the hot path of every step (input scaling, noising, the Euler, Euler a and
 * DPM2 updates) are written once, in {@code LatentArithmetic}; they take four elements per pass and
 * widen every input of the pass to {@code double} before any arithmetic.
 * Written one element at a time, JDK 17's C2 compiler makes each float-to-double conversion wait
 * for the previous element's result (the conversion instruction merges into a register the last
 * element's arithmetic wrote), and such a loop ran about three times slower on 64×64 latents. The
 * arithmetic, and so every result bit, is the same either way.
 */
package dev.backdrop.diffusion.scheduler;
