/**
 * Building ONNX graphs op by op: the converter's graphs with a checkpoint's weights, the tiny
 * test models' with seeded random ones. Weights are written when a graph is saved, large ones
 * streamed into external data.
 */
package dev.backdrop.diffusion.graph;
