"""torch flavour of the safetensors stand-in: load_file, save_file, load, save."""

import os
import tempfile

import torch

from . import DTYPES, SafetensorError, read_header, safe_open, write_file

_TORCH_TO_NAME = {getattr(torch, v[1]): k for k, v in DTYPES.items()}


def _to_torch(info, data):
    dtype = getattr(torch, DTYPES[info["dtype"]][1])
    shape = info["shape"]
    if len(data) == 0:
        return torch.empty(shape, dtype=dtype)
    return torch.frombuffer(bytearray(data), dtype=dtype).reshape(shape).clone()


def _entries(tensors):
    entries = []
    for name, t in tensors.items():
        if not isinstance(t, torch.Tensor):
            raise SafetensorError(f"{name} is not a torch.Tensor")
        t = t.detach().to("cpu").contiguous()
        if t.dtype not in _TORCH_TO_NAME:
            raise SafetensorError(f"unsupported dtype {t.dtype} for {name}")
        if t.numel() == 0:
            data = b""
        elif t.dtype == torch.bfloat16:
            data = t.view(torch.int16).numpy().astype("<i2").tobytes()
        else:
            data = t.numpy().astype(DTYPES[_TORCH_TO_NAME[t.dtype]][0]).tobytes()
        entries.append((name, _TORCH_TO_NAME[t.dtype], list(t.shape), data))
    return entries


def storage_ptr(tensor):
    try:
        return tensor.untyped_storage().data_ptr()
    except (AttributeError, NotImplementedError):
        return tensor.storage().data_ptr()


def storage_size(tensor):
    try:
        return tensor.untyped_storage().nbytes()
    except (AttributeError, NotImplementedError):
        return tensor.storage().size() * tensor.element_size()


def save_file(tensors, filename, metadata=None):
    write_file(str(filename), _entries(tensors), metadata)


def load_file(filename, device="cpu"):
    with safe_open(filename, framework="pt", device=device) as f:
        return {k: f.get_tensor(k) for k in f.keys()}


def save(tensors, metadata=None):
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "t.safetensors")
        save_file(tensors, p, metadata)
        with open(p, "rb") as f:
            return f.read()


def load(data):
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "t.safetensors")
        with open(p, "wb") as f:
            f.write(data)
        return load_file(p)


__all__ = ["save_file", "load_file", "save", "load", "storage_ptr", "storage_size"]
