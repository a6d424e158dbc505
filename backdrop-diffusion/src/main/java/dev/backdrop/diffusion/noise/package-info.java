/**
 * Seeded Gaussian noise for initial latents and stochastic samplers; {@link
 * dev.backdrop.diffusion.noise.TorchCompatibleNoise} documents its exact algorithm.
 */
package dev.backdrop.diffusion.noise;
