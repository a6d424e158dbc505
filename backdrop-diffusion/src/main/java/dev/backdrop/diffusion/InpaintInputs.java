package dev.backdrop.diffusion;

/**
 * What one denoising loop paints from, at the working size: the photo and the photo with the
 * repaint region blanked (CHW planes in [-1, 1]), the repaint mask at latent resolution (1 =
 * paint), the ControlNet's conditioning image (CHW in [0, 1], or null without a ControlNet) and
 * the reference image as the image encoder takes it (normalised CHW pixels, or null without one).
 */
record InpaintInputs(int width, int height, float[] image, float[] maskedImage, float[] latentMask, float[] control,
                     float[] referencePixels) {

    static InpaintInputs of(WorkingCanvas canvas, int latentWidth, int latentHeight, float[] control,
                            float[] referencePixels) {
        return new InpaintInputs(canvas.width(), canvas.height(), canvas.image(), canvas.maskedImage(),
                canvas.latentMask(latentWidth, latentHeight), control, referencePixels);
    }
}
