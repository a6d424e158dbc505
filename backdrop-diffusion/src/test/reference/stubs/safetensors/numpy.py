"""numpy flavour of the safetensors stand-in: load_file, save_file."""

import numpy as np

from . import DTYPES, SafetensorError, safe_open, write_file


def _to_numpy(info, data):
    np_dtype = DTYPES[info["dtype"]][0]
    if np_dtype is None:
        raise SafetensorError("bfloat16 cannot be read as numpy")
    return np.frombuffer(data, dtype=np_dtype).reshape(info["shape"]).copy()


_NP_TO_NAME = {np.dtype(v[0]): k for k, v in DTYPES.items() if v[0] is not None}


def save_file(tensors, filename, metadata=None):
    entries = []
    for name, a in tensors.items():
        a = np.ascontiguousarray(a)
        key = a.dtype.newbyteorder("<") if a.dtype.byteorder == ">" else a.dtype
        dtype = _NP_TO_NAME[np.dtype(key)]
        entries.append((name, dtype, list(a.shape), a.astype(DTYPES[dtype][0]).tobytes()))
    write_file(str(filename), entries, metadata)


def load_file(filename):
    with safe_open(filename, framework="np") as f:
        return {k: f.get_tensor(k) for k in f.keys()}
