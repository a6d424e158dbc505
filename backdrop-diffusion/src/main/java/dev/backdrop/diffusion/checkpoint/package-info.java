/**
 * Published checkpoints as their authors ship them: safetensors files (one, or shards listed in
 * an index), read through memory maps so a multi-gigabyte checkpoint never lands on the heap
 * whole, with every inconsistency refused by name.
 */
package dev.backdrop.diffusion.checkpoint;
