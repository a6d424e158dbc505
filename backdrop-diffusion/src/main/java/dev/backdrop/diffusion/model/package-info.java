/**
 * A diffusion model folder loaded into ONNX Runtime sessions: what each graph takes and gives,
 * read from the sessions' metadata, and the checks that refuse incomplete or inconsistent folders
 * at start-up.
 */
package dev.backdrop.diffusion.model;
