/**
 * Diffusion samplers ("schedulers") for the Stable Diffusion pipeline: the settings of a model's
 * {@code scheduler_config.json} ({@link dev.backdrop.diffusion.scheduler.SchedulerConfig}), the
 * algorithms behind the API's scheduler names ({@link dev.backdrop.diffusion.scheduler.SchedulerName})
 * and the {@link dev.backdrop.diffusion.scheduler.Scheduler} contract the denoising loop drives.
 * The algorithms follow the Hugging Face diffusers implementations closely enough to reproduce
 * their published test results; where they differ on purpose, the class says so.
 */
package dev.backdrop.diffusion.scheduler;
