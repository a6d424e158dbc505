"""How far an int8 ISNet is from the float32 one: speed of a pass and masks.

Not part of the build. It quantises the float32 mask graph Backdrop derives from isnet-fp16
(~/.cache/backdrop/models/isnet-fp16.mask.onnx, made by any cut-out) with ONNX Runtime's own
static quantiser (QDQ, int8 weights per channel, uint8 activations, MinMax ranges from the three
photos in backdrop-core's test resources), then compares on DAVIS-100 (evaluation only):
the int8 mask against the float32 mask (IoU of alpha > 0.5) and each against the hand-made mask
(any folder with images/NNN.jpg and masks/NNN.png will do; without one it only writes the file).

  python3 -m venv /tmp/venv && /tmp/venv/bin/pip install onnx onnxruntime numpy pillow
  /tmp/venv/bin/python bench/int8/quantize_isnet.py [DAVIS_DIR [OUT.onnx]]

The int8 file (default /tmp/isnet-int8-qdq.onnx) runs in Backdrop with --model OUT.onnx: a file
without a descriptor is fed like ISNet.

Preprocessing is Backdrop's: bilinear resize to 1024x1024, RGB/255 - 0.5, planar; masks are the
model's 1024x1024 output resized (bilinear) to the photo.
"""
import glob
import os
import sys
import time

import numpy as np
import onnxruntime as ort
from onnxruntime.quantization import (CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType,
                                      quantize_static)
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FLOAT = os.path.expanduser('~/.cache/backdrop/models/isnet-fp16.mask.onnx')
DAVIS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, '..', 'shared', 'testdata', 'davis')
INT8 = sys.argv[2] if len(sys.argv) > 2 else '/tmp/isnet-int8-qdq.onnx'


def model_input(image):
    resized = image.convert('RGB').resize((1024, 1024), Image.BILINEAR)
    planes = np.asarray(resized, dtype=np.float32) / 255.0 - 0.5
    return planes.transpose(2, 0, 1)[None].copy()


class Photos(CalibrationDataReader):
    def __init__(self):
        paths = sorted(glob.glob(os.path.join(ROOT, 'backdrop-core/src/test/resources/photos/*.png')))
        self.inputs = iter([model_input(Image.open(p)) for p in paths])

    def get_next(self):
        x = next(self.inputs, None)
        return None if x is None else {'input': x}


def session(path):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    options.inter_op_num_threads = 1
    options.enable_mem_pattern = False
    return ort.InferenceSession(path, options, providers=['CPUExecutionProvider'])


def mask(sess, image):
    out = sess.run(None, {'input': model_input(image)})[0][0, 0]
    return np.asarray(Image.fromarray(out).resize(image.size, Image.BILINEAR)) > 0.5


def iou(a, b):
    union = (a | b).sum()
    return 1.0 if union == 0 else (a & b).sum() / union


def main():
    quantize_static(FLOAT, INT8, Photos(), quant_format=QuantFormat.QDQ, per_channel=True,
                    activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
                    calibrate_method=CalibrationMethod.MinMax)
    f32, i8 = session(FLOAT), session(INT8)
    x = model_input(Image.open(os.path.join(ROOT, 'backdrop-core/src/test/resources/photos/chelsea.png')))
    for name, s in (('float32', f32), ('int8', i8)):
        s.run(None, {'input': x})
        times = []
        for _ in range(5):
            start = time.perf_counter()
            s.run(None, {'input': x})
            times.append(1000 * (time.perf_counter() - start))
        print(f'{name} pass: median {np.median(times):.0f} ms over 5 runs')
    photos = sorted(glob.glob(os.path.join(DAVIS, 'images', '*.jpg')))
    if not photos:
        print(f'wrote {INT8}; no photos in {DAVIS}/images to score it on')
        return
    between, truth32, truth8 = [], [], []
    for path in photos:
        image = Image.open(path)
        truth = np.asarray(Image.open(path.replace('images', 'masks').replace('.jpg', '.png')).convert('L')) > 127
        a, b = mask(f32, image), mask(i8, image)
        between.append(iou(a, b))
        truth32.append(iou(a, truth))
        truth8.append(iou(b, truth))
    between = np.array(between)
    print(f'{len(between)} DAVIS photos; int8 against float32: IoU mean {between.mean():.4f}, '
          f'median {np.median(between):.4f}, min {between.min():.4f}, '
          f'at least 0.995 on {(between >= 0.995).sum()}')
    print(f'against the hand-made masks: float32 mean IoU {np.mean(truth32):.4f}, int8 {np.mean(truth8):.4f}')


if __name__ == '__main__':
    main()
