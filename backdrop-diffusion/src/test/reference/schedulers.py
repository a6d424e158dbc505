"""The `schedulers` case: per-step goldens for the scheduler names of the API (see
SchedulerName.java), each built the way the project builds it, from SDXL base's published
scheduler config, and run through a pipeline-like loop with a fixed stand-in for the UNet."""

import inspect
import json
import os
import tempfile
from typing import NamedTuple, Optional

import torch

import reflib
from reflib import DrawRecorder, Golden, fresh_dir, randn

# (API name, file-safe key, diffusers class, settings the mapping adds to the model's config)
SCHEDULERS = [
    ("DDIM", "ddim", "DDIMScheduler", {}),
    ("DPM Multi", "dpm_multi", "DPMSolverMultistepScheduler", {}),
    ("DPM Single", "dpm_single", "DPMSolverSinglestepScheduler", {}),
    ("Euler a", "euler_a", "EulerAncestralDiscreteScheduler", {}),
    ("Euler", "euler", "EulerDiscreteScheduler", {}),
    ("Heun", "heun", "HeunDiscreteScheduler", {}),
    ("DPM2 a Karras", "dpm2_a_karras", "KDPM2AncestralDiscreteScheduler", {"use_karras_sigmas": True}),
    ("DPM2 Karras", "dpm2_karras", "KDPM2DiscreteScheduler", {"use_karras_sigmas": True}),
    ("LMS", "lms", "LMSDiscreteScheduler", {}),
    ("PNDM", "pndm", "PNDMScheduler", {}),
    ("DDPM", "ddpm", "DDPMScheduler", {}),
    ("UniPC", "unipc", "UniPCMultistepScheduler", {}),
]

STEPS = 7
STRENGTH = 0.6
SHAPE = (1, 4, 4, 4)
INPUT_SEED = 1101  # noise and image latents
STEP_SEED = 1102  # the generator handed to scheduler.step, one per run

MODEL = "model_output = 0.9 * tanh(model_input) + 0.02 * t / 1000 (float32; t the timestep as a Python float)"


def model(model_input, t):
    """Stands in for the UNet: an epsilon prediction that, like a denoiser's, follows the noisy
    input (tanh keeps it bounded) and depends a little on the timestep, so a wrong timestep
    shows up in the latents."""
    return 0.9 * torch.tanh(model_input) + 0.02 * float(t) / 1000


def start_index(scheduler, steps, strength):
    """get_timesteps of the diffusers img2img / inpaint pipelines."""
    init_timestep = min(int(steps * strength), steps)
    return max(steps - init_timestep, 0) * scheduler.order


class Step(NamedTuple):
    """One step call of a loop: its index into the timesteps, the timestep, the model input, the
    latents after the step (prev_sample), the random draws it made and, for the schedulers whose
    output has one (LCM), its denoised sample."""

    index: int
    timestep: torch.Tensor
    model_input: torch.Tensor
    latents: torch.Tensor
    draws: list
    denoised: Optional[torch.Tensor]


def loop(scheduler, noise, image_latents, strength, zeroed_draw=None, num_steps=STEPS):
    """One denoising run as the SDXL pipelines drive the scheduler. Returns the timesteps, the
    start index, the initial latents and a Step per step call; with zeroed_draw = j, draw j is
    replaced by zeros."""
    scheduler.set_timesteps(num_steps)
    timesteps = scheduler.timesteps
    start = start_index(scheduler, num_steps, strength)
    if strength == 1.0:
        latents = noise * scheduler.init_noise_sigma
    else:
        latents = scheduler.add_noise(image_latents, noise, timesteps[start:start + 1])
    initial = latents
    takes_generator = "generator" in inspect.signature(scheduler.step).parameters
    generator = torch.Generator().manual_seed(STEP_SEED)
    steps = []
    draws = 0
    for i in range(start, len(timesteps)):
        t = timesteps[i]
        model_input = scheduler.scale_model_input(latents, t)
        output = model(model_input, t)
        with DrawRecorder(zeroed=None if zeroed_draw is None else zeroed_draw - draws) as rec:
            result = scheduler.step(output, t, latents, **({"generator": generator} if takes_generator else {}))
        latents = result.prev_sample
        draws += len(rec.draws)
        steps.append(Step(i, t, model_input, latents, rec.draws, getattr(result, "denoised", None)))
    return timesteps, start, initial, steps


# The tensors of each run, <prefix> = <key> (strength 1) or <key>.img2img (strength STRENGTH).
RUN_TENSORS = {
    "<prefix>.timesteps": "[len(timesteps)] scheduler.timesteps after set_timesteps (int64 for some schedulers; stored as float32, which holds them exactly)",
    "<prefix>.init_noise_sigma": "[1] scheduler.init_noise_sigma after set_timesteps",
    "<prefix>.initial_latents": f"{list(SHAPE)} strength 1: noise * init_noise_sigma; else scheduler.add_noise(image_latents, noise, timesteps[start:start + 1]) (the pipelines' prepare_latents)",
    "<prefix>.step.<i>.input": f"{list(SHAPE)} for each index i into timesteps from start on: scale_model_input(latents, timesteps[i])",
    "<prefix>.step.<i>.latents": f"{list(SHAPE)} step(model_output, timesteps[i], latents).prev_sample",
    "<prefix>.draw.<j>": f"{list(SHAPE)} the j-th torch.randn the scheduler's steps made in this run, in order; the run's draws list gives the step index of each and whether the result depends on it",
}


DENOISED = f"{list(SHAPE)} the step's denoised sample (LCMSchedulerOutput.denoised: c_out * predicted x0 + c_skip * latents); prev_sample is it renoised to the next timestep, or it itself at the last step"


def record(gold, prefix, make, noise, image_latents, strength, num_steps=STEPS):
    """Runs the loop on make() (a new scheduler) and adds its tensors to the golden; returns the
    run's description for io.json."""
    scheduler = make()
    timesteps, start, initial, steps = loop(scheduler, noise, image_latents, strength, num_steps=num_steps)
    gold.output(f"{prefix}.timesteps", timesteps.float(), RUN_TENSORS["<prefix>.timesteps"])
    gold.output(f"{prefix}.init_noise_sigma", torch.tensor([float(scheduler.init_noise_sigma)]), RUN_TENSORS["<prefix>.init_noise_sigma"])
    gold.output(f"{prefix}.initial_latents", initial, RUN_TENSORS["<prefix>.initial_latents"])
    draws = []
    for step in steps:
        gold.output(f"{prefix}.step.{step.index}.input", step.model_input, RUN_TENSORS["<prefix>.step.<i>.input"])
        gold.output(f"{prefix}.step.{step.index}.latents", step.latents, RUN_TENSORS["<prefix>.step.<i>.latents"])
        if step.denoised is not None:
            gold.output(f"{prefix}.step.{step.index}.denoised", step.denoised, DENOISED)
        for tensor, caller in step.draws:
            gold.output(f"{prefix}.draw.{len(draws)}", tensor, RUN_TENSORS["<prefix>.draw.<j>"])
            draws.append({"step": step.index, "from": caller})
    # A scheduler may draw noise that its step then ignores (Euler without s_churn, KDPM2
    # ancestral on its first stage): say which draws the result depends on.
    final = steps[-1].latents
    for j, draw in enumerate(draws):
        zeroed = loop(make(), noise, image_latents, strength, zeroed_draw=j, num_steps=num_steps)[3][-1].latents
        draw["used"] = not torch.equal(zeroed, final)
    return {
        "prefix": prefix,
        "strength": strength,
        "start": start,
        "timesteps": [round(t, 4) for t in timesteps.tolist()],
        "step_takes_generator": "generator" in inspect.signature(scheduler.step).parameters,
        "draws": draws,
    }


def inputs(gold, same_as=""):
    """The noise and image latents every run starts from, added to the golden as inputs; same_as
    (formatted with the name) is appended to their descriptions."""
    g = reflib.generator(INPUT_SEED)
    noise = randn(SHAPE, g)
    image_latents = randn(SHAPE, g, 0.5)
    gold.input("noise", noise, f"randn{list(SHAPE)} (seed {INPUT_SEED}): the initial noise of every run" + same_as.format("noise"))
    gold.input("image_latents", image_latents, f"0.5 * randn{list(SHAPE)} (same generator, after noise): the clean latents the strength-{STRENGTH} runs noise" + same_as.format("image_latents"))
    return noise, image_latents


def case_schedulers(out, base_config):
    from diffusers import schedulers as library

    folder = fresh_dir(os.path.join(out, "schedulers"))
    published = dict(base_config, _class_name="EulerDiscreteScheduler", _diffusers_version="0.19.0.dev0")
    with open(os.path.join(folder, "scheduler_config.json"), "w") as f:
        f.write(json.dumps(published, indent=2, sort_keys=True) + "\n")

    gold = Golden("schedulers", f"for each API scheduler name: <class>.from_config(scheduler_config.json, **extra), then the loop of schedulers.py:loop with {STEPS} steps, at strength 1 and {STRENGTH}")
    noise, image_latents = inputs(gold)

    runs = {}
    for api_name, key, class_name, extra in SCHEDULERS:
        scheduler = getattr(library, class_name).from_config(published, **extra)
        with tempfile.TemporaryDirectory() as tmp:
            scheduler.save_config(tmp)
            with open(os.path.join(tmp, "scheduler_config.json")) as f:
                saved = f.read()
        with open(os.path.join(folder, f"{key}.json"), "w") as f:
            f.write(saved)
        make = lambda: getattr(library, class_name).from_config(published, **extra)  # noqa: E731
        runs[key] = {
            "api_name": api_name,
            "class": class_name,
            "extra_config": extra,
            "config": f"{key}.json",
            "order": scheduler.order,
            "runs": [record(gold, key, make, noise, image_latents, 1.0),
                     record(gold, f"{key}.img2img", make, noise, image_latents, STRENGTH)],
        }

    gold.notes = [
        "scheduler_config.json is SDXL base's published scheduler config (stabilityai/stable-diffusion-xl-base-1.0, an EulerDiscreteScheduler config); each scheduler is <class>.from_config of it plus the settings its API name adds (use_karras_sigmas for the DPM2 Karras names), and <key>.json is what that scheduler's save_config writes.",
        f"The loop, per run: set_timesteps({STEPS}); start = the pipelines' get_timesteps rule (init_timestep = min(int(N * strength), N); t_start = max(N - init_timestep, 0); start = t_start * order); initial latents; then for every index i from start on: input = scale_model_input(latents, timesteps[i]); {MODEL.replace('model_input', 'input')}; latents = step(model_output, timesteps[i], latents[, generator]).prev_sample. Step tensors are named by i, the index into timesteps, so a run at strength {STRENGTH} starts at <key>.img2img.step.<start>. run_tensors describes the tensors of each run.",
        "Two-stage schedulers (Heun, DPM2 Karras, DPM2 a Karras) have 2N - 1 timesteps and one step call per entry; PNDM with skip_prk_steps has N + 1.",
        f"Schedulers whose step takes a generator get one generator per run, torch.Generator().manual_seed({STEP_SEED}); every torch.randn they made is recorded in order as <prefix>.draw.<j>, and the draws list of each run says at which step index and whether the result depends on it (used: replacing it by zeros changes the final latents). The strength-1 and strength-0.6 runs start the same seed, so their draws begin alike. No scheduler here used another random function.",
        f"DPMSolverSinglestepScheduler with lower_order_final false (its default, as dpm_single.json says) and an odd step count turns lower_order_final on in set_timesteps, with a warning; the {STEPS}-step runs use that.",
        "The pipelines of diffusers 0.27.2 do not call set_begin_index: the sigma schedulers find their first step index from the timestep (for a repeated timestep, its second occurrence).",
    ]
    doc = {"model_output": MODEL, "steps": STEPS, "run_tensors": RUN_TENSORS, "schedulers": runs}
    gold.write(folder, doc, listed=("noise", "image_latents"))


# The scheduler config SD 1.5 publishes (runwayml/stable-diffusion-v1-5, scheduler/scheduler_config.json).
SD15_SCHEDULER_CONFIG = {
    "_class_name": "PNDMScheduler",
    "_diffusers_version": "0.6.0",
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "beta_start": 0.00085,
    "num_train_timesteps": 1000,
    "set_alpha_to_one": False,
    "skip_prk_steps": True,
    "steps_offset": 1,
    "trained_betas": None,
    "clip_sample": False,
}
LCM_STEPS = (4, 8)


def case_scheduler_lcm(out):
    """LCMScheduler as the LCM-LoRA's model card sets it up (LCMScheduler.from_config of the SD 1.5
    pipeline's scheduler config), 4 and 8 steps at strength 1 and STRENGTH, in the same loop."""
    from diffusers import LCMScheduler

    folder = fresh_dir(os.path.join(out, "scheduler-lcm"))
    with open(os.path.join(folder, "scheduler_config.json"), "w") as f:
        f.write(json.dumps(SD15_SCHEDULER_CONFIG, indent=2) + "\n")
    make = lambda: LCMScheduler.from_config(SD15_SCHEDULER_CONFIG)  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp:
        make().save_config(tmp)
        with open(os.path.join(tmp, "scheduler_config.json")) as f:
            saved = f.read()
    with open(os.path.join(folder, "lcm.json"), "w") as f:
        f.write(saved)

    gold = Golden("scheduler-lcm", f"LCMScheduler.from_config(scheduler_config.json), then the loop of schedulers.py:loop with {' and '.join(map(str, LCM_STEPS))} steps, at strength 1 and {STRENGTH}")
    noise, image_latents = inputs(gold, " (= ../schedulers {})")
    runs = []
    for steps in LCM_STEPS:
        for prefix, strength in ((f"lcm{steps}", 1.0), (f"lcm{steps}.img2img", STRENGTH)):
            run = record(gold, prefix, make, noise, image_latents, strength, num_steps=steps)
            run["steps"] = steps
            runs.append(run)
    gold.notes = [
        "scheduler_config.json is SD 1.5's published scheduler config (runwayml/stable-diffusion-v1-5, a PNDMScheduler config); the scheduler is LCMScheduler.from_config of it, as the model card of latent-consistency/lcm-lora-sdv1-5 sets it up (pipe.scheduler = LCMScheduler.from_config(pipe.scheduler.config)); lcm.json is what its save_config writes.",
        "The config leaves LCMScheduler's own settings at their defaults: original_inference_steps 50 (timesteps are taken from 999, 979, ..., 19), timestep_scaling 10, clip_sample false, and set_alpha_to_one false from the file.",
        f"The loop is schedulers.py's (see ../schedulers/io.json): set_timesteps(N) without strength, as the inpainting pipelines call it, then the pipelines' get_timesteps start; runs lcm<N> (strength 1) and lcm<N>.img2img (strength {STRENGTH}). LCM's timesteps are distinct, so whether the pipeline calls set_begin_index or the scheduler finds its index from the timestep gives the same steps.",
        f"Every step but the last draws one torch.randn (one generator per run, torch.Generator().manual_seed({STEP_SEED})) to renoise the denoised sample to the next timestep; <prefix>.step.<i>.denoised is the step's denoised sample.",
    ]
    doc = {"model_output": MODEL, "class": "LCMScheduler", "config": "lcm.json", "run_tensors": dict(RUN_TENSORS, **{"<prefix>.step.<i>.denoised": DENOISED}), "runs": runs}
    gold.write(folder, doc, listed=("noise", "image_latents"))
