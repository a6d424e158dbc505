/**
 * The one place ONNX Runtime sessions are configured: threads, memory arena and execution
 * provider (CPU, or a CUDA device), shared by the segmentation model and the diffusion graphs.
 */
package dev.backdrop.onnx;
