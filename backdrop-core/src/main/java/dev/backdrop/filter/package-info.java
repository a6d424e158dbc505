/**
 * Filters on float planes (one channel, row-major) shared by scene rendering and composition:
 * separable blurs and resampling. Planes are plain {@code float[]} with a width and height so that
 * inner loops stay allocation-free.
 */
package dev.backdrop.filter;
