/**
 * The {@code diffusion} background generator: Stable Diffusion inpainting around the product, run
 * in process on ONNX Runtime, with its scene source for the pipeline and its benchmark.
 */
package dev.backdrop.diffusion;
