"""Helpers shared by the reference generator: seeding, weight perturbation, checkpoint and
golden-file writing."""

import hashlib
import json
import os
import re
import shutil
import tempfile

import torch
from safetensors.torch import save_file

PERTURB_STD = 0.05


def generator(seed):
    return torch.Generator().manual_seed(seed)


def perturb(model, seed, std=PERTURB_STD):
    """Makes a freshly initialised model non-degenerate: every 1-D parameter (biases, norm
    weights and biases, embeddings such as CLIP's class_embedding) gets N(0, std) added, and
    every parameter of 2 or more dimensions that is still all zeros (diffusers' zero-initialised
    ControlNet convolutions) is replaced by N(0, 1/fan_in), fan_in = numel / shape[0].
    Parameters are visited in state_dict order, so the draw is deterministic for a given seed."""
    g = generator(seed)
    with torch.no_grad():
        for _, p in model.named_parameters():
            noise = torch.randn(p.shape, generator=g, dtype=torch.float32) * std
            if p.ndim == 1:
                p.add_(noise)
            elif torch.count_nonzero(p) == 0:
                p.copy_(noise / std * (p.numel() / p.shape[0]) ** -0.5)
    return model


def randn(shape, g, scale=1.0):
    return torch.randn(shape, generator=g, dtype=torch.float32) * scale


def uniform(shape, g, lo, hi):
    return torch.rand(shape, generator=g, dtype=torch.float32) * (hi - lo) + lo


def fresh_dir(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    os.makedirs(path)
    return path


def save_diffusers_model(model, folder, weights_name="model.safetensors"):
    """config.json exactly as diffusers' save_config writes it, and the state_dict (the published
    key names) as a safetensors file with the {"format": "pt"} metadata that
    ModelMixin.save_pretrained writes."""
    model.save_config(folder)
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    save_file(state, os.path.join(folder, weights_name), metadata={"format": "pt"})
    return state


def save_transformers_model(model, folder, **kwargs):
    """config.json and model.safetensors (or shards + index) exactly as transformers'
    save_pretrained writes them."""
    with tempfile.TemporaryDirectory() as tmp:
        model.save_pretrained(tmp, safe_serialization=True, **kwargs)
        for name in sorted(os.listdir(tmp)):
            shutil.copyfile(os.path.join(tmp, name), os.path.join(folder, name))


def load_diffusers(cls, folder):
    """A diffusers model from a reference case folder: config.json and model.safetensors, loaded
    strictly."""
    from safetensors.torch import load_file

    model = cls.from_config(cls.load_config(folder))
    model.load_state_dict(load_file(os.path.join(folder, "model.safetensors")), strict=True)
    return model.eval()


def _dtype_name(t):
    return {torch.float32: "float32", torch.int64: "int64", torch.float64: "float64"}[t.dtype]


class Golden:
    """Collects the inputs and outputs of one case and writes io.safetensors + io.json."""

    def __init__(self, case, call, notes=None):
        self.case = case
        self.call = call
        self.notes = list(notes or [])
        self.tensors = {}
        self.about = {}
        self.roles = {}

    def add(self, name, tensor, role, about):
        if name in self.tensors:
            raise KeyError(name)
        t = tensor.detach().to("cpu").contiguous()
        if t.dtype not in (torch.float32, torch.int64):
            t = t.float()
        self.tensors[name] = t
        self.roles[name] = role
        self.about[name] = about
        return t

    def input(self, name, tensor, about):
        return self.add(name, tensor, "input", about)

    def output(self, name, tensor, about):
        return self.add(name, tensor, "output", about)

    def write(self, folder, extra=None, listed=None):
        """listed: the names io.json describes one by one (default all); a case with many
        tensors of one kind describes the others by pattern in extra."""
        save_file(self.tensors, os.path.join(folder, "io.safetensors"), metadata={"case": self.case})
        doc = {
            "case": self.case,
            "call": self.call,
            "tensors": {
                name: {
                    "role": self.roles[name],
                    "dtype": _dtype_name(t),
                    "shape": list(t.shape),
                    "about": self.about[name],
                }
                for name, t in self.tensors.items()
                if listed is None or name in listed
            },
        }
        if extra:
            doc.update(extra)
        if self.notes:
            doc["notes"] = self.notes
        with open(os.path.join(folder, "io.json"), "w") as f:
            f.write(dump_json(doc))


class DrawRecorder:
    """Wraps torch.randn while a pipeline or scheduler runs and keeps every tensor it returns, in
    order, with the function that asked for it; any other torch random function fails. With
    zeroed = k, the k-th draw is handed out as zeros instead (recorded as drawn), to find which
    draws a result depends on."""

    def __init__(self, zeroed=None):
        self.draws = []
        self.zeroed = zeroed

    def __enter__(self):
        import inspect

        self._randn = torch.randn
        recorder = self

        def randn(*args, **kwargs):
            t = recorder._randn(*args, **kwargs)
            frames = [f for f in inspect.stack()[1:6] if f.function != "randn_tensor"]
            caller = f"{os.path.basename(frames[0].filename)}:{frames[0].function}" if frames else "?"
            recorder.draws.append((t.clone(), caller))
            return torch.zeros_like(t) if len(recorder.draws) - 1 == recorder.zeroed else t

        def forbidden(*args, **kwargs):
            raise RuntimeError("unexpected random draw")

        self._others = {n: getattr(torch, n) for n in ("rand", "randn_like", "rand_like", "randint", "normal")}
        torch.randn = randn
        for n in self._others:
            setattr(torch, n, forbidden)
        return self

    def __exit__(self, *args):
        torch.randn = self._randn
        for n, f in self._others.items():
            setattr(torch, n, f)
        return False


def dump_json(doc):
    """Indented JSON with lists of numbers kept on one line."""
    text = json.dumps(doc, indent=2)
    return re.sub(r"\[\s*([-\d.,\s]*?)\s*\]", lambda m: "[" + ", ".join(m.group(1).replace(",", " ").split()) + "]", text) + "\n"


def sha256_tree(root):
    out = {}
    for dp, _, fns in os.walk(root):
        for fn in sorted(fns):
            p = os.path.join(dp, fn)
            with open(p, "rb") as f:
                out[os.path.relpath(p, root)] = hashlib.sha256(f.read()).hexdigest()
    return dict(sorted(out.items()))
