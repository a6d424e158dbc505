/**
 * The model-hub client: downloads the files of a Hugging Face Hub–compatible model repository
 * into the model cache over the hub's public HTTP API, pinned to the commit resolved at the first
 * fetch, resumable, verified against the hub's hashes and published only once complete.
 */
package dev.backdrop.diffusion.hub;
