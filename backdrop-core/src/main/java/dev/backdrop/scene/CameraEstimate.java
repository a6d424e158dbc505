package dev.backdrop.scene;

/**
 * The shot as read from the product's outline.
 *
 * @param angle     eye level, high angle or top-down
 * @param elevation the camera's estimated height above the product's base plane, in degrees
 *                  (0 level, 90 straight down); NaN when the outline shows no base to read it from
 */
public record CameraEstimate(CameraAngle angle, double elevation) {

    /** What is assumed when the base is out of the frame or the outline is too small to read. */
    public static final CameraEstimate ASSUMED_EYE_LEVEL = new CameraEstimate(CameraAngle.EYE_LEVEL, Double.NaN);

    public boolean measured() {
        return !Double.isNaN(elevation);
    }
}
