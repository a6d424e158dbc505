#!/usr/bin/python3
"""Checks the written reference cases through the reference libraries' own loaders: every
checkpoint file is reloaded with from_pretrained (or the legacy / sharded / IP-Adapter loader it
stands for), run on the golden inputs, and compared with the golden outputs; the pipeline case
is replayed with the recorded random draws instead of a generator.

usage: verify.py [--out DIR]
"""

import argparse
import json
import os
import shutil
import struct
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "stubs"))
sys.path.insert(0, HERE)

import torch  # noqa: E402

torch.set_num_threads(1)

import generate  # noqa: E402
import lora  # noqa: E402
import schedulers  # noqa: E402
from safetensors import DTYPES  # noqa: E402
from safetensors.torch import load_file  # noqa: E402

failures = []


def check(label, got, want):
    if got.shape != want.shape or not torch.equal(got, want):
        diff = (got.float() - want.float()).abs().max().item() if got.shape == want.shape else "shape"
        failures.append(f"{label}: differs ({diff})")
        print(f"  FAIL {label}: {diff}")


def check_file_format(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    header.pop("__metadata__", None)
    spans = sorted(tuple(v["data_offsets"]) for v in header.values())
    end = 0
    for (b, e), v in zip(spans, header.values()):
        if b != end:
            failures.append(f"{path}: gap or overlap at {b}")
        end = e
    for name, v in header.items():
        size = DTYPES[v["dtype"]][2]
        for d in v["shape"]:
            size *= d
        if v["data_offsets"][1] - v["data_offsets"][0] != size:
            failures.append(f"{path}: {name} has the wrong byte size")
    if n % 8 or 8 + n + end != len(raw):
        failures.append(f"{path}: bad header padding or trailing bytes")


def diffusers_dir(folder, weights="model.safetensors"):
    tmp = tempfile.mkdtemp()
    shutil.copyfile(os.path.join(folder, "config.json"), os.path.join(tmp, "config.json"))
    shutil.copyfile(os.path.join(folder, weights), os.path.join(tmp, "diffusion_pytorch_model.safetensors"))
    return tmp


def verify(out):
    from diffusers import AutoencoderKL, ControlNetModel, UNet2DConditionModel
    from transformers import CLIPTextModel, CLIPTextModelWithProjection, CLIPVisionModelWithProjection

    for dp, _, fns in os.walk(out):
        for fn in fns:
            if fn.endswith(".safetensors"):
                check_file_format(os.path.join(dp, fn))

    def io(case):
        return load_file(os.path.join(out, case, "io.safetensors"))

    print("clip-text")
    d = io("clip-text")
    m = CLIPTextModel.from_pretrained(os.path.join(out, "clip-text")).eval()
    with torch.no_grad():
        o = m(d["input_ids"], output_hidden_states=True)
    check("clip-text last_hidden_state", o.last_hidden_state, d["last_hidden_state"])
    check("clip-text pooler_output", o.pooler_output, d["pooler_output"])
    for i, h in enumerate(o.hidden_states):
        check(f"clip-text hidden_states.{i}", h, d[f"hidden_states.{i}"])

    print("clip-text-projection")
    d = io("clip-text-projection")
    pos = tempfile.mkdtemp()
    shutil.copyfile(os.path.join(out, "clip-text-projection", "config.json"), os.path.join(pos, "config.json"))
    shutil.copyfile(os.path.join(out, "clip-text-projection", "model-with-position-ids.safetensors"), os.path.join(pos, "model.safetensors"))
    for label, folder in (
        ("model.safetensors", os.path.join(out, "clip-text-projection")),
        ("with position_ids", pos),
        ("sharded", os.path.join(out, "clip-text-projection-sharded")),
    ):
        m = CLIPTextModelWithProjection.from_pretrained(folder).eval()
        with torch.no_grad():
            o = m(d["input_ids"], output_hidden_states=True)
        check(f"clip-text-projection ({label}) text_embeds", o.text_embeds, d["text_embeds"])
        check(f"clip-text-projection ({label}) last_hidden_state", o.last_hidden_state, d["last_hidden_state"])
        for i, h in enumerate(o.hidden_states):
            check(f"clip-text-projection ({label}) hidden_states.{i}", h, d[f"hidden_states.{i}"])

    print("vae")
    d = io("vae")
    for weights in ("model.safetensors", "model-legacy-attention.safetensors"):
        vae = AutoencoderKL.from_pretrained(diffusers_dir(os.path.join(out, "vae"), weights)).eval()
        with torch.no_grad():
            check(f"vae ({weights}) moments", vae.quant_conv(vae.encoder(d["image"])), d["moments"])
            post = vae.encode(d["image"]).latent_dist
            check(f"vae ({weights}) latent_mean", post.mean, d["latent_mean"])
            check(f"vae ({weights}) latent_sample", post.mean + post.std * d["sample_noise"], d["latent_sample"])
            check(f"vae ({weights}) decoded", vae.decode(d["latents"]).sample, d["decoded"])

    for case in ("unet-sd15", "unet-sdxl"):
        print(case)
        d = io(case)
        unet = UNet2DConditionModel.from_pretrained(diffusers_dir(os.path.join(out, case))).eval()
        t = d["timestep"].reshape(())
        added = {k: d[k] for k in ("text_embeds", "time_ids") if k in d}
        down = tuple(d[k] for k in sorted((k for k in d if k.startswith("down_block_additional")), key=lambda k: int(k.split(".")[1])))
        with torch.no_grad():
            check(f"{case} out_plain", unet(d["sample"], t, d["encoder_hidden_states"], added_cond_kwargs=dict(added) or None).sample, d["out_plain"])
            check(
                f"{case} out_controlnet",
                unet(d["sample"], t, d["encoder_hidden_states"], added_cond_kwargs=dict(added) or None,
                     down_block_additional_residuals=down, mid_block_additional_residual=d["mid_block_additional_residual"]).sample,
                d["out_controlnet"],
            )
            generate.load_ip_adapter(unet, os.path.join(out, case))
            check(f"{case} ip_tokens", unet.encoder_hid_proj([d["image_embeds"]])[0], d["ip_tokens"])
            for label, scale in (("out_ip_0", 0.0), ("out_ip_06", 0.6)):
                generate.set_ip_adapter_scale(unet, scale)
                got = unet(d["sample"], t, d["encoder_hidden_states"], added_cond_kwargs=dict(added, image_embeds=[d["image_embeds"]])).sample
                check(f"{case} {label}", got, d[label])

    for case in ("controlnet-sd15", "controlnet-sdxl"):
        print(case)
        d = io(case)
        net = ControlNetModel.from_pretrained(diffusers_dir(os.path.join(out, case))).eval()
        added = {k: d[k] for k in ("text_embeds", "time_ids") if k in d}
        with torch.no_grad():
            down, mid = net(
                d["sample"], d["timestep"].reshape(()), d["encoder_hidden_states"], controlnet_cond=d["controlnet_cond"],
                conditioning_scale=float(d["conditioning_scale"]), added_cond_kwargs=dict(added) or None, return_dict=False,
            )
        for i, r in enumerate(down):
            check(f"{case} down.{i}", r, d[f"down.{i}"])
        check(f"{case} mid", mid, d["mid"])
        if len(down) != len([k for k in d if k.startswith("down.")]):
            failures.append(f"{case}: residual count")

    print("image-encoder")
    d = io("image-encoder")
    m = CLIPVisionModelWithProjection.from_pretrained(os.path.join(out, "image-encoder")).eval()
    with torch.no_grad():
        o = m(pixel_values=d["pixel_values"], output_hidden_states=True)
    check("image-encoder image_embeds", o.image_embeds, d["image_embeds"])
    check("image-encoder last_hidden_state", o.last_hidden_state, d["last_hidden_state"])

    print("pipeline-sdxl (replaying the recorded draws)")
    verify_pipeline(out)

    print("lora-sd15 (the LoRA file through diffusers' loader and fusion, on the UNet from from_pretrained)")
    d = io("lora-sd15")
    for label, scale in (("out_lora", 1.0), ("out_lora_05", 0.5)):
        unet = UNet2DConditionModel.from_pretrained(diffusers_dir(os.path.join(out, "unet-sd15"))).eval()
        lora.attach(unet, os.path.join(out, "lora-sd15"))
        unet.fuse_lora(lora_scale=scale)
        with torch.no_grad():
            o = unet(d["sample"], d["timestep"].reshape(()), d["encoder_hidden_states"]).sample
        check(f"lora-sd15 {label}", o, d[label])

    print("schedulers (each from its saved config, replaying the recorded draws)")
    verify_schedulers(out)

    print("scheduler-lcm (from its saved config, replaying the recorded draws)")
    verify_scheduler_lcm(out)


def verify_pipeline(out):
    from diffusers import (
        AutoencoderKL,
        ControlNetModel,
        DPMSolverMultistepScheduler,
        EulerAncestralDiscreteScheduler,
        StableDiffusionXLControlNetInpaintPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextModel, CLIPTextModelWithProjection, CLIPVisionModelWithProjection

    folder = os.path.join(out, "pipeline-sdxl")
    d = load_file(os.path.join(folder, "io.safetensors"))
    vae = AutoencoderKL.from_pretrained(diffusers_dir(os.path.join(folder, "vae"))).eval()
    unet = UNet2DConditionModel.from_pretrained(diffusers_dir(os.path.join(out, "unet-sdxl"))).eval()
    controlnet = ControlNetModel.from_pretrained(diffusers_dir(os.path.join(out, "controlnet-sdxl"))).eval()
    te1 = CLIPTextModel.from_pretrained(os.path.join(out, "clip-text")).eval()
    te2 = CLIPTextModelWithProjection.from_pretrained(os.path.join(out, "clip-text-projection")).eval()
    enc = CLIPVisionModelWithProjection.from_pretrained(os.path.join(out, "image-encoder")).eval()
    for prefix, cls in (("euler_a", EulerAncestralDiscreteScheduler), ("dpm", DPMSolverMultistepScheduler)):
        scheduler = cls.from_pretrained(os.path.join(folder, f"scheduler-{prefix.replace('_', '-')}"))
        pipe = StableDiffusionXLControlNetInpaintPipeline(
            vae=vae, text_encoder=te1, text_encoder_2=te2, tokenizer=None, tokenizer_2=None, unet=unet,
            controlnet=controlnet, scheduler=scheduler, requires_aesthetics_score=False,
            force_zeros_for_empty_prompt=True, add_watermarker=False, feature_extractor=None, image_encoder=enc,
        )
        pipe.set_progress_bar_config(disable=True)
        if prefix == "euler_a":
            pipe.load_ip_adapter(os.path.join(out, "unet-sdxl"), subfolder="", weight_name="ip-adapter.safetensors", image_encoder_folder=None)
        pipe.set_ip_adapter_scale(0.6)
        draws = [d[f"{prefix}.draw.{k}"] for k in range(len([k for k in d if k.startswith(f"{prefix}.draw.")]))]
        real = torch.randn

        def replay(*args, **kwargs):
            t = draws.pop(0)
            return t.clone()

        torch.randn = replay
        try:
            with torch.no_grad():
                latents = pipe(
                    prompt_embeds=d["prompt_embeds"], pooled_prompt_embeds=d["pooled_prompt_embeds"], image=d["image"],
                    mask_image=d["mask_image"], control_image=d["control_image"], ip_adapter_image=d["ip_adapter_image"],
                    height=64, width=64, strength=0.99, num_inference_steps=4, guidance_scale=5.0,
                    controlnet_conditioning_scale=0.5, generator=None, output_type="latent",
                ).images
        finally:
            torch.randn = real
        if draws:
            failures.append(f"pipeline-sdxl {prefix}: {len(draws)} draws left over")
        check(f"pipeline-sdxl {prefix} latents", latents, d[f"{prefix}.latents"])
        with torch.no_grad():
            check(f"pipeline-sdxl {prefix} decoded", vae.decode(latents / vae.config.scaling_factor).sample, d[f"{prefix}.decoded"])


def replay(d, prefix, cls, config, strength, num_steps):
    """schedulers.loop on a scheduler from config with torch.randn handing out the recorded draws;
    checks what the golden holds of the run."""
    draws = [d[f"{prefix}.draw.{k}"] for k in range(len([k for k in d if k.startswith(f"{prefix}.draw.")]))]
    real = torch.randn
    torch.randn = lambda *args, **kwargs: draws.pop(0).clone()
    try:
        scheduler = cls.from_config(cls.load_config(config))
        timesteps, _, initial, steps = schedulers.loop(scheduler, d["noise"], d["image_latents"], strength, num_steps=num_steps)
    finally:
        torch.randn = real
    if draws:
        failures.append(f"{prefix}: {len(draws)} draws left over")
    check(f"{prefix} timesteps", timesteps.float(), d[f"{prefix}.timesteps"])
    check(f"{prefix} initial_latents", initial, d[f"{prefix}.initial_latents"])
    for step in steps:
        check(f"{prefix} step {step.index} input", step.model_input, d[f"{prefix}.step.{step.index}.input"])
        check(f"{prefix} step {step.index} latents", step.latents, d[f"{prefix}.step.{step.index}.latents"])
        if step.denoised is not None:
            check(f"{prefix} step {step.index} denoised", step.denoised, d[f"{prefix}.step.{step.index}.denoised"])


def verify_scheduler_lcm(out):
    from diffusers import LCMScheduler

    folder = os.path.join(out, "scheduler-lcm")
    d = load_file(os.path.join(folder, "io.safetensors"))
    with open(os.path.join(folder, "io.json")) as f:
        runs = json.load(f)["runs"]
    for run in runs:
        replay(d, run["prefix"], LCMScheduler, os.path.join(folder, "lcm.json"), run["strength"], run["steps"])


def verify_schedulers(out):
    from diffusers import schedulers as library

    folder = os.path.join(out, "schedulers")
    d = load_file(os.path.join(folder, "io.safetensors"))
    for api_name, key, class_name, _ in schedulers.SCHEDULERS:
        for prefix, strength in ((key, 1.0), (f"{key}.img2img", schedulers.STRENGTH)):
            replay(d, prefix, getattr(library, class_name), os.path.join(folder, f"{key}.json"), strength, schedulers.STEPS)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=generate.DEFAULT_OUT)
    args = ap.parse_args()
    verify(args.out)
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print("all reference cases verified")


if __name__ == "__main__":
    main()
