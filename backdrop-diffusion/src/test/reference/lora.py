"""The `lora-sd15` case: a tiny LoRA in the published layout of latent-consistency/lcm-lora-sdv1-5
for the unet-sd15 checkpoint, fused into it by diffusers' own LoRA loader and fusion code, and
the fused UNet's output on unet-sd15's inputs.

diffusers v0.27.2 fuses a LoRA through PEFT only: without peft, LoraLoaderMixin.load_lora_weights
and LoraLoaderMixin.fuse_lora refuse ("PEFT backend is required for this method."), and the UNet's
layers are plain nn.Linear / nn.Conv2d. Its non-PEFT code is still there and is what runs here:
lora_state_dict (the kohya -> diffusers key conversion, the network alphas), the prefix handling of
load_lora_into_unet, UNet2DConditionModel.load_attn_procs (groups the keys per layer, builds a
LoRALinearLayer / LoRAConv2dLayer of the file's rank with the layer's alpha) and
UNet2DConditionModel.fuse_lora (LoRACompatibleLinear._fuse_lora / LoRACompatibleConv._fuse_lora).
The one step diffusers no longer does itself is to build the UNet's targeted layers as its
LoRACompatibleLinear / LoRACompatibleConv (as diffusers <= 0.26 did without PEFT): this script
swaps each targeted layer for one of those with the same weights."""

import os

import torch
from torch import nn

import reflib
from reflib import Golden, fresh_dir, load_diffusers

LORA_FILE = "pytorch_lora_weights.safetensors"
SEED = 1201
RANK = 4
# Per module, in UNet module order; alpha / rank = 0.5, 1.5, 0.25, 2, so a missing or wrong
# alpha / rank factor shows. The last module gets no alpha at all: diffusers then scales by 1.
ALPHAS = (2.0, 6.0, 1.0, 8.0)

# The modules the published LCM-LoRA targets: the default lora_target_modules of diffusers'
# examples/consistency_distillation/train_lcm_distill_lora_sd_wds.py, matched as PEFT matches
# them (the module's name is the target or ends with "." + target).
TARGETS = (
    "to_q", "to_k", "to_v", "to_out.0", "proj_in", "proj_out", "ff.net.0.proj", "ff.net.2",
    "conv1", "conv2", "conv_shortcut", "downsamplers.0.conv", "upsamplers.0.conv", "time_emb_proj",
)


def targeted(unet):
    return [name for name, _ in unet.named_modules() if any(name == t or name.endswith("." + t) for t in TARGETS)]


def kohya_name(module):
    """The key prefix the LCM-LoRA's exporter writes (get_module_kohya_state_dict of the training
    script): "lora_unet_" + the module path with every "." replaced by "_"."""
    return "lora_unet_" + module.replace(".", "_")


def lora_state(unet, seed):
    """Random LoRA weights for every targeted module, stored as the published file stores them:
    float16 lora_down.weight [rank, in(, k, k)], lora_up.weight [out, rank(, 1, 1)] and a 0-dim
    float16 alpha. Returns the state dict and, per module, its alpha (None where it has none)."""
    g = reflib.generator(seed)
    state, alphas = {}, {}
    names = targeted(unet)
    for n, name in enumerate(names):
        layer = unet.get_submodule(name)
        if isinstance(layer, nn.Conv2d):
            down_shape = (RANK, layer.in_channels, *layer.kernel_size)
            up_shape = (layer.out_channels, RANK, 1, 1)
        else:
            down_shape = (RANK, layer.in_features)
            up_shape = (layer.out_features, RANK)
        fan_in = 1
        for d in down_shape[1:]:
            fan_in *= d
        key = kohya_name(name)
        state[f"{key}.lora_down.weight"] = (torch.randn(down_shape, generator=g) * fan_in ** -0.5).half()
        state[f"{key}.lora_up.weight"] = (torch.randn(up_shape, generator=g) * RANK ** -0.5).half()
        alpha = None if n == len(names) - 1 else ALPHAS[n % len(ALPHAS)]
        if alpha is not None:
            state[f"{key}.alpha"] = torch.tensor(alpha).half()
        alphas[name] = alpha
    return state, alphas


def lora_compatible(unet, names):
    """Replaces each named nn.Linear / nn.Conv2d with diffusers' LoRACompatibleLinear /
    LoRACompatibleConv holding the same weights: the layers load_attn_procs attaches LoRA to."""
    from diffusers.models.lora import LoRACompatibleConv, LoRACompatibleLinear

    for name in names:
        parent_name, _, child = name.rpartition(".")
        parent = unet.get_submodule(parent_name)
        old = getattr(parent, child)
        if isinstance(old, nn.Conv2d):
            new = LoRACompatibleConv(old.in_channels, old.out_channels, old.kernel_size, stride=old.stride,
                                     padding=old.padding, dilation=old.dilation, groups=old.groups,
                                     bias=old.bias is not None)
        else:
            new = LoRACompatibleLinear(old.in_features, old.out_features, bias=old.bias is not None)
        new.load_state_dict(old.state_dict())
        setattr(parent, child, new.eval())


def attach(unet, lora_folder):
    """diffusers' non-PEFT LoRA loading on unet: lora_state_dict, the unet-prefix handling of
    load_lora_into_unet, load_attn_procs. Returns the LoRA layers it attached, by module name."""
    from diffusers.loaders import LoraLoaderMixin
    from diffusers.utils import USE_PEFT_BACKEND

    if USE_PEFT_BACKEND:
        raise SystemExit("lora-sd15 records diffusers' non-PEFT LoRA path: run it without peft installed")
    state_dict, network_alphas = LoraLoaderMixin.lora_state_dict(lora_folder, weight_name=LORA_FILE)
    # What load_lora_into_unet does before it hands the LoRA to the UNet.
    unet_keys = [k for k in state_dict if k.startswith("unet")]
    state_dict = {k.replace("unet.", ""): v for k, v in state_dict.items() if k in unet_keys}
    network_alphas = {k.replace("unet.", ""): v for k, v in network_alphas.items() if k.startswith("unet")}
    lora_compatible(unet, targeted(unet))
    # low_cpu_mem_usage needs accelerate, which is absent.
    unet.load_attn_procs(state_dict, network_alphas=network_alphas, low_cpu_mem_usage=False)
    return {name: unet.get_submodule(name).lora_layer for name in targeted(unet)}


def fused_unet(base, lora_folder, scale):
    """unet-sd15's UNet with the LoRA fused by fuse_lora(lora_scale=scale)."""
    from diffusers import UNet2DConditionModel

    unet = load_diffusers(UNet2DConditionModel, base)
    attach(unet, lora_folder)
    unet.fuse_lora(lora_scale=scale)
    return unet


def expected_weight(weight, state, name, scale):
    """W + scale * alpha / rank * (up @ down), the 4-D weights flattened to matrices and back."""
    key = kohya_name(name)
    down = state[f"{key}.lora_down.weight"].float()
    up = state[f"{key}.lora_up.weight"].float()
    factor = scale * (state[f"{key}.alpha"].float().item() / down.shape[0] if f"{key}.alpha" in state else 1.0)
    return weight + factor * (up.flatten(1) @ down.flatten(1)).reshape(weight.shape)


def close(a, b):
    return (a - b).abs().max().item() <= 1e-5 * max(1.0, b.abs().max().item())


def case_lora_sd15(out):
    from diffusers import UNet2DConditionModel
    from safetensors.torch import load_file, save_file

    base = os.path.join(out, "unet-sd15")
    if not os.path.isfile(os.path.join(base, "io.safetensors")):
        raise SystemExit("lora-sd15 needs ../unet-sd15: generate it first")
    folder = fresh_dir(os.path.join(out, "lora-sd15"))
    plain = load_diffusers(UNet2DConditionModel, base)
    state, alphas = lora_state(plain, SEED)
    save_file(state, os.path.join(folder, LORA_FILE), metadata={"format": "pt"})
    inputs = load_file(os.path.join(base, "io.safetensors"))
    args = (inputs["sample"], inputs["timestep"].reshape(()), inputs["encoder_hidden_states"])

    # The LoRA applied at run time (W x + up(down(x)) * alpha / rank) must equal the fused UNet's.
    unet = load_diffusers(UNet2DConditionModel, base)
    layers = attach(unet, folder)
    for name, layer in layers.items():
        if layer.rank != RANK or layer.network_alpha != alphas[name]:
            raise SystemExit(f"{name}: load_attn_procs built rank {layer.rank}, alpha {layer.network_alpha}; expected {RANK}, {alphas[name]}")
    with torch.no_grad():
        unfused = unet(*args).sample

    outputs = {}
    for label, scale in (("out_lora", 1.0), ("out_lora_05", 0.5)):
        unet = fused_unet(base, folder, scale)
        for name in targeted(plain):
            want = expected_weight(plain.get_submodule(name).weight.detach(), state, name, scale)
            if not close(unet.get_submodule(name).weight.detach(), want):
                raise SystemExit(f"{name}: fuse_lora did not give W + scale * alpha / rank * up @ down")
        with torch.no_grad():
            outputs[label] = unet(*args).sample
    if not close(outputs["out_lora"], unfused):
        raise SystemExit("the fused UNet differs from the LoRA applied at run time")

    gold = Golden(
        "lora-sd15",
        f"../unet-sd15's UNet2DConditionModel with {LORA_FILE} fused by diffusers' non-PEFT path (lora.py:attach, then unet.fuse_lora(lora_scale)), then unet(sample, timestep, encoder_hidden_states).sample",
        notes=[
            f"{LORA_FILE} has the key layout of latent-consistency/lcm-lora-sdv1-5: per targeted module, lora_unet_<module path with '.' replaced by '_'>.lora_down.weight, .lora_up.weight and .alpha (0-dim), float16.",
            f"Targeted modules: every module of the UNet matching the LCM-LoRA training script's lora_target_modules {list(TARGETS)} (PEFT's rule: the name is the target or ends with '.' + target); {len(targeted(plain))} here, listed in modules.",
            f"Rank {RANK}; alpha cycles through {list(ALPHAS)} in module order, and the last module has no alpha (diffusers then applies no alpha / rank factor).",
            "lora_down.weight is N(0, 1/fan_in) (fan_in = in_channels * kernel area), lora_up.weight N(0, 1/rank), both rounded to float16.",
            "diffusers v0.27.2 without peft refuses pipe.load_lora_weights / pipe.fuse_lora and builds the UNet from plain nn.Linear / nn.Conv2d; lora.py swaps the targeted layers for diffusers' LoRACompatibleLinear / LoRACompatibleConv (same weights) and then runs diffusers' own lora_state_dict, load_attn_procs and fuse_lora.",
            "Checked while generating: load_attn_procs built every layer with rank 4 and the module's alpha; every fused weight equals W + lora_scale * alpha / rank * (up.flatten(1) @ down.flatten(1)).reshape(W.shape) (1 instead of alpha / rank without alpha); the fused UNet at scale 1 equals the LoRA applied at run time within 1e-5.",
        ],
    )
    gold.input("sample", inputs["sample"], "= ../unet-sd15 sample")
    gold.input("timestep", inputs["timestep"], "= ../unet-sd15 timestep (the UNet was called with it as a 0-dim int64 tensor)")
    gold.input("encoder_hidden_states", inputs["encoder_hidden_states"], "= ../unet-sd15 encoder_hidden_states")
    gold.output("out_lora", outputs["out_lora"], "the UNet with the LoRA fused at lora_scale 1.0")
    gold.output("out_lora_05", outputs["out_lora_05"], "the UNet with the LoRA fused at lora_scale 0.5")
    gold.write(folder, {"lora_file": LORA_FILE, "rank": RANK,
                        "modules": [{"module": name, "key": kohya_name(name), "alpha": alphas[name]} for name in targeted(plain)]})
