/**
 * The checkpoint converter: published diffusers and transformers checkpoints (safetensors plus
 * {@code config.json}) to ONNX graphs in the layout the generator runs, one class per model
 * family, each graph built op by op from the reference architecture with the checkpoint's own
 * tensors as its weights.
 */
package dev.backdrop.diffusion.convert;
