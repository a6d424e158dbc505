/**
 * Turning prompts into token ids for CLIP text encoders: {@link
 * dev.backdrop.diffusion.tokenizer.ClipTokenizer} reads a model's {@code tokenizer/} folder.
 */
package dev.backdrop.diffusion.tokenizer;
