/**
 * Named model presets: which published repositories and files make up a service's model, and
 * installing one (fetch from the hub, verify, convert once) into the model cache.
 */
package dev.backdrop.diffusion.preset;
