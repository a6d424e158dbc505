/**
 * Tiny random-weight Stable Diffusion model folders in the ONNX layout Hugging Face Optimum
 * exports, written by the project itself (no Python, no downloads): the signatures of SD 1.5
 * inpainting, SDXL, ControlNet (separate and fused) and IP-Adapter UNets with hidden sizes of a
 * few dozen, so the whole diffusion path can be run and tested anywhere in milliseconds.
 */
package dev.backdrop.diffusion.tiny;
