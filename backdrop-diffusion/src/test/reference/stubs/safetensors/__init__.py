"""Small stand-in for the `safetensors` package, enough for diffusers/transformers to load and
save checkpoints in the reference generator.

File format (https://github.com/huggingface/safetensors): an 8-byte little-endian unsigned
header length N, N bytes of JSON header (padded with spaces to a multiple of 8), then the raw
little-endian tensor bytes. The header maps each tensor name to
{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]} (offsets relative to the end of
the header) and may hold "__metadata__": {str: str}.
"""

import json
import struct

__version__ = "0.4.2"


class SafetensorError(Exception):
    pass


# safetensors dtype name -> (numpy dtype string or None, torch dtype attribute name, item size)
DTYPES = {
    "F64": ("<f8", "float64", 8),
    "F32": ("<f4", "float32", 4),
    "F16": ("<f2", "float16", 2),
    "BF16": (None, "bfloat16", 2),
    "I64": ("<i8", "int64", 8),
    "I32": ("<i4", "int32", 4),
    "I16": ("<i2", "int16", 2),
    "I8": ("i1", "int8", 1),
    "U8": ("u1", "uint8", 1),
    "BOOL": ("?", "bool", 1),
}


def read_header(path):
    """Returns (header dict without __metadata__, metadata dict or None, byte offset of data)."""
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n).decode("utf-8"))
    metadata = header.pop("__metadata__", None)
    return header, metadata, 8 + n


def write_file(path, entries, metadata=None):
    """entries: list of (name, dtype string, shape list, raw little-endian bytes).

    Tensors are laid out like the reference writer does: sorted by item size (largest first),
    then by name, with the header padded by spaces to an 8-byte multiple."""
    entries = sorted(entries, key=lambda e: (-DTYPES[e[1]][2], e[0]))
    header = {}
    if metadata is not None:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    offset = 0
    for name, dtype, shape, data in entries:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for _, _, _, data in entries:
            f.write(data)


class _SafeOpen:
    def __init__(self, filename, framework="pt", device="cpu"):
        self._filename = str(filename)
        self._framework = framework
        self._header, self._metadata, self._start = read_header(self._filename)

    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False

    def keys(self):
        return sorted(self._header.keys())

    def metadata(self):
        return self._metadata

    def _raw(self, name):
        info = self._header[name]
        begin, end = info["data_offsets"]
        with open(self._filename, "rb") as f:
            f.seek(self._start + begin)
            return info, f.read(end - begin)

    def get_tensor(self, name):
        info, data = self._raw(name)
        if self._framework in ("pt", "torch"):
            from .torch import _to_torch

            return _to_torch(info, data)
        from .numpy import _to_numpy

        return _to_numpy(info, data)

    def get_slice(self, name):
        return _Slice(self.get_tensor(name))


class _Slice:
    def __init__(self, tensor):
        self._t = tensor

    def get_shape(self):
        return list(self._t.shape)

    def __getitem__(self, item):
        return self._t[item]


def safe_open(filename, framework="pt", device="cpu"):
    return _SafeOpen(filename, framework, device)
