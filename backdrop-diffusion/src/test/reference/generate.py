#!/usr/bin/python3
"""Regenerates the tiny reference checkpoints and golden outputs under
backdrop-diffusion/src/test/resources/reference/ (see README.md beside this file).

usage: generate.py [--out DIR] [CASE ...]      (no CASE: all cases, in order)
"""

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "stubs"))
sys.path.insert(0, HERE)

import torch  # noqa: E402

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

import lora  # noqa: E402
import reflib  # noqa: E402
import schedulers  # noqa: E402
from reflib import DrawRecorder, Golden, fresh_dir, load_diffusers, perturb, randn, uniform  # noqa: E402

DEFAULT_OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "reference"))

# ---------------------------------------------------------------------------------------------
# Shared tiny configurations
# ---------------------------------------------------------------------------------------------

VOCAB = 1000
BOS = VOCAB - 2  # 998, plays <|startoftext|> (49406 in the real vocabulary)
EOS = VOCAB - 1  # 999, plays <|endoftext|> (49407), the largest id
SEQ = 77

# Two prompts, as token ids between BOS and EOS.
PROMPT_IDS = [[320, 112, 53, 518, 7], [71]]


def token_ids(pad_id):
    rows = []
    for ids in PROMPT_IDS:
        row = [BOS] + ids + [EOS]
        rows.append(row + [pad_id] * (SEQ - len(row)))
    return torch.tensor(rows, dtype=torch.int64)


def clip_text_config():
    """SD 1.5 text_encoder shape (openai/clip-vit-large-patch14 text tower), tiny."""
    from transformers import CLIPTextConfig

    return CLIPTextConfig(
        vocab_size=VOCAB,
        hidden_size=32,
        intermediate_size=37,
        projection_dim=32,
        num_hidden_layers=3,
        num_attention_heads=4,
        max_position_embeddings=SEQ,
        hidden_act="quick_gelu",
        layer_norm_eps=1e-5,
        # the values SD 1.5's text_encoder/config.json carries (eos_token_id 2 selects the legacy
        # argmax-of-ids pooling)
        bos_token_id=0,
        eos_token_id=2,
        pad_token_id=1,
    )


def clip_text_2_config():
    """SDXL text_encoder_2 shape (OpenCLIP ViT-bigG text tower, CLIPTextModelWithProjection), tiny."""
    from transformers import CLIPTextConfig

    return CLIPTextConfig(
        vocab_size=VOCAB,
        hidden_size=40,
        intermediate_size=64,
        projection_dim=20,
        num_hidden_layers=2,
        num_attention_heads=5,
        max_position_embeddings=SEQ,
        hidden_act="gelu",
        layer_norm_eps=1e-5,
        bos_token_id=0,
        eos_token_id=2,
        pad_token_id=1,
    )


IMAGE_EMBED_DIM = 24  # CLIP image encoder projection_dim == IP-Adapter clip_embeddings_dim

SD15_CROSS_DIM = 32  # == clip-text hidden_size
SDXL_CROSS_DIM = 32 + 40  # clip-text hidden_size + clip-text-projection hidden_size
SDXL_TEXT_EMBEDS = 20  # clip-text-projection projection_dim
SDXL_TIME_EMBED_DIM = 8


def unet_sd15_kwargs():
    return dict(
        sample_size=8,
        in_channels=9,
        out_channels=4,
        down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
        block_out_channels=(16, 32),
        layers_per_block=1,
        cross_attention_dim=SD15_CROSS_DIM,
        attention_head_dim=4,
        norm_num_groups=8,
    )


def unet_sdxl_kwargs():
    return dict(
        sample_size=8,
        in_channels=9,
        out_channels=4,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
        block_out_channels=(8, 16),
        layers_per_block=2,
        transformer_layers_per_block=(1, 2),
        attention_head_dim=(1, 2),
        use_linear_projection=True,
        cross_attention_dim=SDXL_CROSS_DIM,
        addition_embed_type="text_time",
        addition_time_embed_dim=SDXL_TIME_EMBED_DIM,
        projection_class_embeddings_input_dim=6 * SDXL_TIME_EMBED_DIM + SDXL_TEXT_EMBEDS,
        norm_num_groups=8,
    )


# ---------------------------------------------------------------------------------------------
# Case builders (each one seeds itself, so a single case can be regenerated alone)
# ---------------------------------------------------------------------------------------------


def build_clip_text(seed=101):
    from transformers import CLIPTextModel

    torch.manual_seed(seed)
    model = CLIPTextModel(clip_text_config()).eval()
    return perturb(model, seed + 1)


def build_clip_text_2(seed=201):
    from transformers import CLIPTextModelWithProjection

    torch.manual_seed(seed)
    model = CLIPTextModelWithProjection(clip_text_2_config()).eval()
    return perturb(model, seed + 1)


def case_clip_text(out):
    folder = fresh_dir(os.path.join(out, "clip-text"))
    model = build_clip_text()
    reflib.save_transformers_model(model, folder)

    ids = token_ids(pad_id=EOS)
    g = Golden(
        "clip-text",
        "CLIPTextModel(input_ids=input_ids, output_hidden_states=True) (no attention_mask, as the SD 1.5 pipeline calls it)",
        notes=[
            f"BOS id {BOS}, EOS id {EOS} (the largest id in the vocabulary); each row is BOS + prompt ids + EOS, padded with EOS to 77 like SD 1.5's tokenizer pads.",
            "config eos_token_id is 2 (as SD 1.5's text_encoder config has it), so transformers pools by input_ids.argmax(-1): the first position holding the largest id, i.e. the first EOS.",
            "hidden_states.0 is the embedding output (token + position embeddings); hidden_states.i is the output of encoder layer i; last_hidden_state = final_layer_norm(hidden_states.N).",
        ],
    )
    g.input("input_ids", ids, "token ids [2,77] int64")
    with torch.no_grad():
        o = model(input_ids=ids, output_hidden_states=True)
    g.output("last_hidden_state", o.last_hidden_state, "final_layer_norm output [2,77,32] (what SD 1.5 uses as encoder_hidden_states)")
    g.output("pooler_output", o.pooler_output, "last_hidden_state at input_ids.argmax(-1) per row [2,32]")
    for i, h in enumerate(o.hidden_states):
        g.output(f"hidden_states.{i}", h, "embeddings output" if i == 0 else f"output of encoder layer {i} (before final_layer_norm)")
    g.write(folder, {"eos_position": ids.argmax(-1).tolist()})


def case_clip_text_projection(out):
    folder = fresh_dir(os.path.join(out, "clip-text-projection"))
    model = build_clip_text_2()
    reflib.save_transformers_model(model, folder)
    from safetensors.torch import load_file, save_file

    state = load_file(os.path.join(folder, "model.safetensors"))
    state["text_model.embeddings.position_ids"] = torch.arange(SEQ, dtype=torch.int64)[None]
    save_file(state, os.path.join(folder, "model-with-position-ids.safetensors"), metadata={"format": "pt"})

    sharded = fresh_dir(os.path.join(out, "clip-text-projection-sharded"))
    reflib.save_transformers_model(model, sharded, max_shard_size="100KB")

    ids = token_ids(pad_id=0)
    g = Golden(
        "clip-text-projection",
        "CLIPTextModelWithProjection(input_ids=input_ids, output_hidden_states=True) (no attention_mask, as the SDXL pipeline calls text_encoder_2)",
        notes=[
            f"BOS id {BOS}, EOS id {EOS}; rows padded with id 0 like SDXL's tokenizer_2 pads with '!'.",
            "config eos_token_id is 2 (as SDXL's text_encoder_2 config has it): pooled = last_hidden_state[row, input_ids.argmax(-1)] (the EOS position); text_embeds = text_projection(pooled) (Linear without bias).",
            "SDXL feeds hidden_states[-2] (here hidden_states.1, the output of the next-to-last layer, without final_layer_norm) into the UNet and text_embeds as added_cond_kwargs['text_embeds'].",
            "model-with-position-ids.safetensors = model.safetensors plus text_model.embeddings.position_ids (int64 [1,77] = 0..76), as older published checkpoints carry it.",
            "../clip-text-projection-sharded holds the same weights in transformers' sharded layout (save_pretrained(max_shard_size='100KB')).",
        ],
    )
    g.input("input_ids", ids, "token ids [2,77] int64")
    with torch.no_grad():
        o = model(input_ids=ids, output_hidden_states=True)
    g.output("text_embeds", o.text_embeds, "text_projection(pooled EOS state) [2,20]")
    g.output("last_hidden_state", o.last_hidden_state, "final_layer_norm output [2,77,40]")
    for i, h in enumerate(o.hidden_states):
        g.output(f"hidden_states.{i}", h, "embeddings output" if i == 0 else f"output of encoder layer {i} (before final_layer_norm)")
    g.write(folder, {"eos_position": ids.argmax(-1).tolist()})
    with open(os.path.join(sharded, "README.md"), "w") as f:
        f.write(
            "Same weights as ../clip-text-projection/model.safetensors, written by transformers'\n"
            "`save_pretrained(max_shard_size=\"100KB\")`: shards plus `model.safetensors.index.json`.\n"
            "Inputs and expected outputs: ../clip-text-projection/io.safetensors.\n"
        )


def vae_kwargs():
    return dict(
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
        block_out_channels=(16, 32),
        layers_per_block=1,
        act_fn="silu",
        latent_channels=4,
        norm_num_groups=8,
        sample_size=32,
        scaling_factor=0.18215,
        force_upcast=True,
    )


def legacy_vae_attention_names(state):
    """diffusers' pre-0.14 VAE attention names, as older published VAE checkpoints carry them
    (ModelMixin._convert_deprecated_attention_blocks maps them back): query/key/value/proj_attn
    instead of to_q/to_k/to_v/to_out.0; same [C, C] Linear shapes; group_norm keeps its name."""
    rename = {"to_q": "query", "to_k": "key", "to_v": "value", "to_out.0": "proj_attn"}
    out = {}
    for k, v in state.items():
        for new, old in rename.items():
            marker = f".mid_block.attentions.0.{new}."
            if marker in k:
                k = k.replace(marker, f".mid_block.attentions.0.{old}.")
                break
        out[k] = v
    return out


def case_vae(out):
    from diffusers import AutoencoderKL
    from safetensors.torch import save_file

    folder = fresh_dir(os.path.join(out, "vae"))
    seed = 301
    torch.manual_seed(seed)
    vae = perturb(AutoencoderKL(**vae_kwargs()).eval(), seed + 1)
    state = reflib.save_diffusers_model(vae, folder)
    save_file(legacy_vae_attention_names(state), os.path.join(folder, "model-legacy-attention.safetensors"), metadata={"format": "pt"})

    g = reflib.generator(seed + 2)
    image = uniform((1, 3, 32, 32), g, -1.0, 1.0)
    latents = randn((1, 4, 16, 16), g)
    noise = randn((1, 4, 16, 16), g)
    gold = Golden(
        "vae",
        "AutoencoderKL: moments = quant_conv(encoder(image)); posterior = vae.encode(image).latent_dist; decoded = vae.decode(latents).sample",
        notes=[
            "moments channels 0..3 are the mean, 4..7 the logvar; DiagonalGaussianDistribution clamps logvar to [-30, 20], std = exp(0.5 * logvar).",
            "latent_sample = posterior.mean + posterior.std * sample_noise (what latent_dist.sample(generator) computes when its randn draw is sample_noise); the SD pipelines multiply it by scaling_factor (0.18215) afterwards, and divide latents by it before decode.",
            "decode = decoder(post_quant_conv(latents)); the golden feeds latents directly (no scaling_factor applied).",
            "model-legacy-attention.safetensors: same weights, with encoder/decoder mid_block.attentions.0.{query,key,value,proj_attn} instead of {to_q,to_k,to_v,to_out.0} (same [32, 32] / [32] shapes).",
        ],
    )
    gold.input("image", image, "image in [-1, 1], NCHW")
    gold.input("latents", latents, "latents fed to decode (unscaled)")
    gold.input("sample_noise", noise, "N(0,1) draw used for latent_sample")
    with torch.no_grad():
        moments = vae.quant_conv(vae.encoder(image))
        posterior = vae.encode(image).latent_dist
        decoded = vae.decode(latents).sample
    gold.output("moments", moments, "quant_conv(encoder(image)) [1, 8, 16, 16]: mean ++ logvar")
    gold.output("latent_mean", posterior.mean, "latent_dist.mean [1, 4, 16, 16]")
    gold.output("latent_std", posterior.std, "latent_dist.std = exp(0.5 * clamp(logvar, -30, 20))")
    gold.output("latent_sample", posterior.mean + posterior.std * noise, "mean + std * sample_noise")
    gold.output("decoded", decoded, "vae.decode(latents).sample [1, 3, 32, 32] (not clamped)")
    gold.write(folder)


def residual_shapes(model, batch, height, width):
    """Shapes of down_block_res_samples (conv_in output, then each resnet/attention layer and
    downsampler output of each down block) and of the mid-block output."""
    shapes = [(batch, model.config.block_out_channels[0], height, width)]
    h, w = height, width
    for i, block in enumerate(model.down_blocks):
        c = model.config.block_out_channels[i]
        for _ in block.resnets:
            shapes.append((batch, c, h, w))
        if block.downsamplers is not None:
            h, w = (h + 1) // 2, (w + 1) // 2
            shapes.append((batch, c, h, w))
    return shapes, (batch, model.config.block_out_channels[-1], h, w)


def attn2_names(unet):
    return [n for n in unet.attn_processors.keys() if n.endswith("attn2.processor")]


def ip_adapter_state(unet, cross_dim, seed):
    """Random IP-Adapter weights in the published ip-adapter_sd15 / ip-adapter_sdxl_vit-h layout:
    image_proj.proj [4 * cross_dim, clip_dim] (+bias), image_proj.norm [cross_dim], and per
    cross-attention layer ip_adapter.<n>.to_k_ip/to_v_ip [hidden, cross_dim], where n counts
    every attention processor of unet.attn_processors (attn1 and attn2) from 0, so the
    cross-attention (attn2) layers get the odd numbers 1, 3, 5, ..."""
    g = reflib.generator(seed)
    state = {
        "image_proj.proj.weight": randn((4 * cross_dim, IMAGE_EMBED_DIM), g, IMAGE_EMBED_DIM ** -0.5),
        "image_proj.proj.bias": randn((4 * cross_dim,), g, 0.05),
        "image_proj.norm.weight": 1.0 + randn((cross_dim,), g, 0.05),
        "image_proj.norm.bias": randn((cross_dim,), g, 0.05),
    }
    layout = []
    for n, name in enumerate(unet.attn_processors.keys()):
        if not name.endswith("attn2.processor"):
            continue
        hidden = unet.get_submodule(name[: -len(".processor")]).to_q.out_features
        state[f"ip_adapter.{n + 1 - (n % 2)}.to_k_ip.weight"] = randn((hidden, cross_dim), g, cross_dim ** -0.5)
        state[f"ip_adapter.{n + 1 - (n % 2)}.to_v_ip.weight"] = randn((hidden, cross_dim), g, cross_dim ** -0.5)
        layout.append({"key": f"ip_adapter.{n + 1 - (n % 2)}", "layer": name[: -len(".processor")], "hidden_size": hidden})
    return state, layout


def load_ip_adapter(unet, folder):
    """The reference loader: IPAdapterMixin.load_ip_adapter reading ip-adapter.safetensors."""
    from types import SimpleNamespace

    from diffusers.loaders.ip_adapter import IPAdapterMixin

    IPAdapterMixin.load_ip_adapter(
        SimpleNamespace(unet=unet), folder, subfolder="", weight_name="ip-adapter.safetensors", image_encoder_folder=None
    )


def set_ip_adapter_scale(unet, scale):
    from types import SimpleNamespace

    from diffusers.loaders.ip_adapter import IPAdapterMixin

    IPAdapterMixin.set_ip_adapter_scale(SimpleNamespace(unet=unet), scale)


def unet_case(out, name, seed, kwargs, cross_dim, timestep, added_cond, notes):
    from diffusers import UNet2DConditionModel
    from safetensors.torch import save_file

    folder = fresh_dir(os.path.join(out, name))
    torch.manual_seed(seed)
    unet = perturb(UNet2DConditionModel(**kwargs).eval(), seed + 1)
    reflib.save_diffusers_model(unet, folder)
    ip_state, ip_layout = ip_adapter_state(unet, cross_dim, seed + 3)
    save_file(ip_state, os.path.join(folder, "ip-adapter.safetensors"))

    g = reflib.generator(seed + 2)
    batch, size = 2, kwargs["sample_size"]
    sample = randn((batch, kwargs["in_channels"], size, size), g)
    ehs = randn((batch, 77, cross_dim), g)
    down_shapes, mid_shape = residual_shapes(unet, batch, size, size)
    down_res = [randn(s, g, 0.5) for s in down_shapes]
    mid_res = randn(mid_shape, g, 0.5)
    image_embeds = randn((batch, 1, IMAGE_EMBED_DIM), g)
    added = {k: v for k, v in added_cond.items()}

    gold = Golden(name, "UNet2DConditionModel(sample, timestep, encoder_hidden_states, ...).sample", notes=notes)
    gold.input("sample", sample, f"latent model input [{batch}, {kwargs['in_channels']}, {size}, {size}] (latents 4 + mask 1 + masked-image latents 4)")
    gold.input("timestep", timestep.reshape(1), f"timestep; the UNet was called with the 0-dim tensor torch.tensor({timestep.item()!r}, dtype={timestep.dtype}), broadcast to the batch")
    gold.input("encoder_hidden_states", ehs, "text conditioning [2, 77, cross_attention_dim]")
    for k, v in added.items():
        gold.input(k, v, f"added_cond_kwargs['{k}']")
    for i, r in enumerate(down_res):
        gold.input(f"down_block_additional_residuals.{i}", r, "ControlNet residual added to the i-th down_block_res_sample (conv_in output is index 0)")
    gold.input("mid_block_additional_residual", mid_res, "ControlNet residual added to the mid-block output")
    gold.input("image_embeds", image_embeds, "added_cond_kwargs['image_embeds'] = [image_embeds] (one IP-Adapter): [batch, num_images=1, clip_embeddings_dim]")

    with torch.no_grad():
        plain = unet(sample, timestep, ehs, added_cond_kwargs=dict(added) or None).sample
        ctrl = unet(
            sample, timestep, ehs, added_cond_kwargs=dict(added) or None,
            down_block_additional_residuals=tuple(down_res), mid_block_additional_residual=mid_res,
        ).sample
        load_ip_adapter(unet, folder)
        tokens = unet.encoder_hid_proj([image_embeds])[0]
        results = {}
        for label, scale in (("out_ip_0", 0.0), ("out_ip_06", 0.6)):
            set_ip_adapter_scale(unet, scale)
            results[label] = unet(sample, timestep, ehs, added_cond_kwargs=dict(added, image_embeds=[image_embeds])).sample
    gold.output("out_plain", plain, "no ControlNet, no IP-Adapter")
    gold.output("out_controlnet", ctrl, "with down_block_additional_residuals.* and mid_block_additional_residual")
    gold.output("ip_tokens", tokens, "encoder_hid_proj([image_embeds])[0]: LayerNorm(proj(image_embeds).reshape(batch*num_images, 4, cross_dim)) reshaped to [batch, num_images, 4, cross_dim]")
    gold.output("out_ip_0", results["out_ip_0"], "IP-Adapter loaded, scale 0.0")
    gold.output("out_ip_06", results["out_ip_06"], "IP-Adapter loaded, scale 0.6")
    gold.write(folder, {"ip_adapter_layers": ip_layout, "attention_processor_order": list(unet.attn_processors.keys())})


def case_unet_sd15(out):
    unet_case(
        out, "unet-sd15", 401, unet_sd15_kwargs(), SD15_CROSS_DIM, torch.tensor(981, dtype=torch.int64), {},
        notes=[
            "attention_head_dim 4 is really the number of heads (num_attention_heads = attention_head_dim): 4 heads in every transformer, head size = channels / 4.",
            "sample rows are random N(0,1); encoder_hidden_states random N(0,1); ControlNet residuals N(0, 0.25).",
            "IP-Adapter: ip-adapter.safetensors loaded the way IPAdapterMixin.load_ip_adapter does; scale set with set_ip_adapter_scale; hidden = attention output + scale * attention(query, to_k_ip(ip_tokens), to_v_ip(ip_tokens)) in every attn2, before to_out.",
        ],
    )


def case_unet_sdxl(out):
    g = reflib.generator(599)
    text_embeds = randn((2, SDXL_TEXT_EMBEDS), g)
    time_ids = torch.tensor([[1024, 1024, 0, 0, 1024, 1024], [768, 1024, 16, 32, 896, 640]], dtype=torch.float32)
    unet_case(
        out, "unet-sdxl", 501, unet_sdxl_kwargs(), SDXL_CROSS_DIM, torch.tensor(981.0, dtype=torch.float32),
        {"text_embeds": text_embeds, "time_ids": time_ids},
        notes=[
            "attention_head_dim (1, 2) is really the per-block number of heads; the mid block uses the last entry.",
            "transformer_layers_per_block (1, 2): the CrossAttnDownBlock2D (block 1), the mid block and the CrossAttnUpBlock2D (up block 0, reversed list) have 2 BasicTransformerBlocks per Transformer2DModel; use_linear_projection: proj_in/proj_out are Linear on [B, H*W, C].",
            "text_time: time_embeds = Timesteps(8, flip_sin_to_cos=True, shift=0)(time_ids.flatten()).reshape(batch, 48); add_embedding(cat([text_embeds, time_embeds], -1)) is added to the timestep embedding.",
            "time_ids rows: (original_h, original_w, crop_top, crop_left, target_h, target_w).",
        ],
    )


def controlnet_kwargs(unet_kwargs):
    """A ControlNetModel matching a UNet config: same down blocks, channels, attention layout and
    conditioning, but 4 latent input channels (published canny/depth ControlNets take the plain
    4-channel latents) and a conditioning embedding that downsamples the control image 8x (three
    stride-2 convolutions, like the published (16, 32, 96, 256))."""
    keep = (
        "down_block_types", "block_out_channels", "layers_per_block", "transformer_layers_per_block",
        "attention_head_dim", "use_linear_projection", "cross_attention_dim", "addition_embed_type",
        "addition_time_embed_dim", "projection_class_embeddings_input_dim", "norm_num_groups",
    )
    kw = {k: v for k, v in unet_kwargs.items() if k in keep}
    kw.update(in_channels=4, conditioning_channels=3, conditioning_embedding_out_channels=(8, 12, 16, 24))
    return kw


def controlnet_case(out, name, seed, unet_kwargs, cross_dim, timestep, added_cond, scale, notes):
    from diffusers import ControlNetModel

    folder = fresh_dir(os.path.join(out, name))
    torch.manual_seed(seed)
    net = perturb(ControlNetModel(**controlnet_kwargs(unet_kwargs)).eval(), seed + 1)
    reflib.save_diffusers_model(net, folder)

    g = reflib.generator(seed + 2)
    batch, size = 2, unet_kwargs["sample_size"]
    sample = randn((batch, 4, size, size), g)
    ehs = randn((batch, 77, cross_dim), g)
    cond = uniform((batch, 3, 8 * size, 8 * size), g, 0.0, 1.0)
    gold = Golden(
        name,
        f"ControlNetModel(sample, timestep, encoder_hidden_states, controlnet_cond=controlnet_cond, conditioning_scale={scale}, added_cond_kwargs=..., return_dict=False)",
        notes=notes,
    )
    gold.input("sample", sample, f"latents [{batch}, 4, {size}, {size}]")
    gold.input("timestep", timestep.reshape(1), f"timestep; called with the 0-dim tensor torch.tensor({timestep.item()!r}, dtype={timestep.dtype})")
    gold.input("encoder_hidden_states", ehs, "text conditioning [2, 77, cross_attention_dim]")
    gold.input("controlnet_cond", cond, f"control image in [0, 1], [{batch}, 3, {8 * size}, {8 * size}] (the pipelines do not normalise it to [-1, 1])")
    gold.input("conditioning_scale", torch.tensor([scale]), "conditioning_scale (a Python float in the call); every residual is multiplied by it")
    for k, v in added_cond.items():
        gold.input(k, v, f"added_cond_kwargs['{k}']")
    with torch.no_grad():
        down, mid = net(
            sample, timestep, ehs, controlnet_cond=cond, conditioning_scale=scale,
            added_cond_kwargs=dict(added_cond) or None, return_dict=False,
        )
        cond_emb = net.controlnet_cond_embedding(cond)
    gold.output("cond_embedding", cond_emb, "controlnet_cond_embedding(controlnet_cond): added to conv_in(sample)")
    for i, d in enumerate(down):
        gold.output(f"down.{i}", d, "down_block_res_samples[i] after controlnet_down_blocks[i] (1x1 conv) and * conditioning_scale")
    gold.output("mid", mid, "controlnet_mid_block(mid_block output) * conditioning_scale")
    gold.write(folder)


def case_controlnet_sd15(out):
    controlnet_case(
        out, "controlnet-sd15", 601, unet_sd15_kwargs(), SD15_CROSS_DIM, torch.tensor(981, dtype=torch.int64), {}, 0.7,
        notes=[
            "Matches unet-sd15 (block_out_channels, layers_per_block, attention_head_dim, cross_attention_dim, norm_num_groups): down.i has the shape of unet-sd15's down_block_additional_residuals.i and mid of its mid_block_additional_residual.",
            "conditioning_embedding_out_channels (8, 12, 16, 24): conv_in(3->8)+silu, then per step conv(c,c)+silu, conv(c,c',stride 2)+silu, then conv_out(24 -> block_out_channels[0]); 64x64 -> 8x8.",
            "The zero-initialised convolutions (controlnet_down_blocks, controlnet_mid_block, controlnet_cond_embedding.conv_out) hold random N(0, 1/fan_in) weights here, so the outputs are not trivially zero.",
        ],
    )


def case_controlnet_sdxl(out):
    g = reflib.generator(799)
    text_embeds = randn((2, SDXL_TEXT_EMBEDS), g)
    time_ids = torch.tensor([[1024, 1024, 0, 0, 1024, 1024], [768, 1024, 16, 32, 896, 640]], dtype=torch.float32)
    controlnet_case(
        out, "controlnet-sdxl", 701, unet_sdxl_kwargs(), SDXL_CROSS_DIM, torch.tensor(981.0, dtype=torch.float32),
        {"text_embeds": text_embeds, "time_ids": time_ids}, 0.5,
        notes=[
            "Matches unet-sdxl (text_time addition embedding, transformer_layers_per_block (1, 2), use_linear_projection, attention_head_dim (1, 2)); down.i / mid have the shapes of unet-sdxl's residual inputs.",
            "conditioning_embedding_out_channels (8, 12, 16, 24): 64x64 control image -> 8x8.",
            "The zero-initialised convolutions hold random N(0, 1/fan_in) weights here.",
        ],
    )


def image_encoder_config():
    """IP-Adapter's image encoder shape (CLIP ViT-H/14 vision tower with projection), tiny."""
    from transformers import CLIPVisionConfig

    return CLIPVisionConfig(
        hidden_size=32,
        intermediate_size=48,
        projection_dim=IMAGE_EMBED_DIM,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_channels=3,
        image_size=32,
        patch_size=8,
        hidden_act="gelu",
        layer_norm_eps=1e-5,
    )


def build_image_encoder(seed=801):
    from transformers import CLIPVisionModelWithProjection

    torch.manual_seed(seed)
    return perturb(CLIPVisionModelWithProjection(image_encoder_config()).eval(), seed + 1)


def image_encoder_pixels():
    return randn((1, 3, 32, 32), reflib.generator(899))


def case_image_encoder(out):
    folder = fresh_dir(os.path.join(out, "image-encoder"))
    model = build_image_encoder()
    reflib.save_transformers_model(model, folder)
    pixels = image_encoder_pixels()
    gold = Golden(
        "image-encoder",
        "CLIPVisionModelWithProjection(pixel_values=pixel_values, output_hidden_states=True)",
        notes=[
            f"projection_dim {IMAGE_EMBED_DIM} == clip_embeddings_dim of both IP-Adapters (unet-sd15/ip-adapter.safetensors and unet-sdxl/ip-adapter.safetensors), as ViT-H serves both published adapters.",
            "embeddings = cat(class_embedding, patch_embedding(pixels) flattened) + position_embedding (1 + (32/8)^2 = 17 positions); then pre_layrnorm (sic, the published name), the encoder layers, post_layernorm on token 0 -> pooled; image_embeds = visual_projection(pooled) (no bias).",
            "pixel_values is random N(0,1), standing in for CLIPImageProcessor output (already normalised).",
        ],
    )
    gold.input("pixel_values", pixels, "normalised pixels [1, 3, 32, 32]")
    with torch.no_grad():
        o = model(pixel_values=pixels, output_hidden_states=True)
    gold.output("image_embeds", o.image_embeds, f"visual_projection(post_layernorm(last_hidden_state[:, 0])) [1, {IMAGE_EMBED_DIM}] (what IP-Adapter consumes)")
    gold.output("last_hidden_state", o.last_hidden_state, "encoder output [1, 17, 32] (no post_layernorm)")
    for i, h in enumerate(o.hidden_states):
        gold.output(f"hidden_states.{i}", h, "pre_layrnorm(embeddings)" if i == 0 else f"output of encoder layer {i}")
    gold.write(folder)


# The scheduler config SDXL base 1.0 publishes (scheduler/scheduler_config.json, EulerDiscreteScheduler);
# both pipeline schedulers are built from it with from_config, as users swap schedulers.
SDXL_SCHEDULER_CONFIG = {
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "beta_start": 0.00085,
    "clip_sample": False,
    "interpolation_type": "linear",
    "num_train_timesteps": 1000,
    "prediction_type": "epsilon",
    "sample_max_value": 1.0,
    "set_alpha_to_one": False,
    "skip_prk_steps": True,
    "steps_offset": 1,
    "timestep_spacing": "leading",
    "trained_betas": None,
    "use_karras_sigmas": False,
}


def pipeline_vae_kwargs():
    """The pipeline needs a VAE that downsamples 8x like the published ones (the ControlNet
    conditioning embedding downsamples the control image 8x): four blocks."""
    return dict(
        in_channels=3,
        out_channels=3,
        down_block_types=("DownEncoderBlock2D",) * 4,
        up_block_types=("UpDecoderBlock2D",) * 4,
        block_out_channels=(8, 16, 16, 16),
        layers_per_block=1,
        act_fn="silu",
        latent_channels=4,
        norm_num_groups=4,
        sample_size=64,
        scaling_factor=0.13025,
        force_upcast=True,
    )


def case_pipeline_sdxl(out):
    from diffusers import (
        AutoencoderKL,
        ControlNetModel,
        DPMSolverMultistepScheduler,
        EulerAncestralDiscreteScheduler,
        StableDiffusionXLControlNetInpaintPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextModel, CLIPTextModelWithProjection, CLIPVisionModelWithProjection

    for dep in ("clip-text", "clip-text-projection", "unet-sdxl", "controlnet-sdxl", "image-encoder"):
        if not os.path.isfile(os.path.join(out, dep, "config.json")):
            raise SystemExit(f"pipeline-sdxl needs ../{dep}: generate it first")
    folder = fresh_dir(os.path.join(out, "pipeline-sdxl"))
    seed = 901
    torch.manual_seed(seed)
    vae = perturb(AutoencoderKL(**pipeline_vae_kwargs()).eval(), seed + 1)
    os.makedirs(os.path.join(folder, "vae"))
    reflib.save_diffusers_model(vae, os.path.join(folder, "vae"))

    te1 = CLIPTextModel.from_pretrained(os.path.join(out, "clip-text")).eval()
    te2 = CLIPTextModelWithProjection.from_pretrained(os.path.join(out, "clip-text-projection")).eval()
    image_encoder = CLIPVisionModelWithProjection.from_pretrained(os.path.join(out, "image-encoder")).eval()
    unet = load_diffusers(UNet2DConditionModel, os.path.join(out, "unet-sdxl"))
    controlnet = load_diffusers(ControlNetModel, os.path.join(out, "controlnet-sdxl"))

    # prompt embeddings as StableDiffusionXLPipeline.encode_prompt builds them (first prompt of
    # the clip-text / clip-text-projection goldens): hidden_states[-2] of both encoders
    # concatenated, and text_embeds of text_encoder_2 as the pooled embedding.
    with torch.no_grad():
        o1 = te1(token_ids(pad_id=EOS)[:1], output_hidden_states=True)
        o2 = te2(token_ids(pad_id=0)[:1], output_hidden_states=True)
    prompt_embeds = torch.cat([o1.hidden_states[-2], o2.hidden_states[-2]], dim=-1)
    pooled = o2.text_embeds

    g = reflib.generator(seed + 2)
    image = uniform((1, 3, 64, 64), g, 0.0, 1.0)
    mask = torch.zeros((1, 1, 64, 64))
    mask[:, :, 16:48, 8:40] = 1.0
    control = uniform((1, 3, 64, 64), g, 0.0, 1.0)
    ip_pixels = image_encoder_pixels()

    gold = Golden(
        "pipeline-sdxl",
        "StableDiffusionXLControlNetInpaintPipeline(...)(prompt_embeds=..., pooled_prompt_embeds=..., image=image, mask_image=mask_image, control_image=control_image, ip_adapter_image=ip_adapter_image, height=64, width=64, strength=0.99, num_inference_steps=4, guidance_scale=5.0, controlnet_conditioning_scale=0.5, generator=torch.manual_seed(1234), output_type='latent'), after pipe.load_ip_adapter(unet-sdxl, weight_name='ip-adapter.safetensors') and pipe.set_ip_adapter_scale(0.6); once per scheduler",
    )
    gold.input("prompt_embeds", prompt_embeds, "[1, 77, 72] = cat(clip-text hidden_states.2, clip-text-projection hidden_states.1) for prompt row 0")
    gold.input("pooled_prompt_embeds", pooled, "[1, 20] clip-text-projection text_embeds for prompt row 0")
    gold.input("image", image, "init image, tensor in [0, 1] (the pipeline maps it to [-1, 1])")
    gold.input("mask_image", mask, "mask, 1 = repaint (rows 16..47, columns 8..39)")
    gold.input("control_image", control, "ControlNet conditioning image in [0, 1]")
    gold.input("ip_adapter_image", ip_pixels, "passed as a tensor, so encode_image feeds it to image_encoder unchanged (= image-encoder's pixel_values)")

    schedulers = {
        "euler_a": EulerAncestralDiscreteScheduler.from_config(SDXL_SCHEDULER_CONFIG),
        "dpm": DPMSolverMultistepScheduler.from_config(SDXL_SCHEDULER_CONFIG),
    }
    draws_doc = {}
    for prefix, scheduler in schedulers.items():
        scheduler.save_config(os.path.join(folder, f"scheduler-{prefix.replace('_', '-')}"))
        pipe = StableDiffusionXLControlNetInpaintPipeline(
            vae=vae, text_encoder=te1, text_encoder_2=te2, tokenizer=None, tokenizer_2=None, unet=unet,
            controlnet=controlnet, scheduler=scheduler, requires_aesthetics_score=False,
            force_zeros_for_empty_prompt=True, add_watermarker=False, feature_extractor=None,
            image_encoder=image_encoder,
        )
        pipe.set_progress_bar_config(disable=True)
        if prefix == "euler_a":
            pipe.load_ip_adapter(os.path.join(out, "unet-sdxl"), subfolder="", weight_name="ip-adapter.safetensors", image_encoder_folder=None)
            pipe.save_config(folder)
        pipe.set_ip_adapter_scale(0.6)

        captured = {}

        def keep(fn, label):
            def wrapped(*a, **k):
                r = fn(*a, **k)
                captured[label] = r
                return r

            return wrapped

        pipe.prepare_latents = keep(pipe.prepare_latents, "latents")
        pipe.prepare_mask_latents = keep(pipe.prepare_mask_latents, "mask")
        pipe.prepare_ip_adapter_image_embeds = keep(pipe.prepare_ip_adapter_image_embeds, "ip")
        steps = []

        def on_step(p, i, t, kw):
            steps.append((i, t, kw["latents"].clone()))
            return {}

        args = dict(
            prompt_embeds=prompt_embeds, pooled_prompt_embeds=pooled, image=image, mask_image=mask,
            control_image=control, ip_adapter_image=ip_pixels, height=64, width=64, strength=0.99,
            num_inference_steps=4, guidance_scale=5.0, controlnet_conditioning_scale=0.5,
        )
        with torch.no_grad(), DrawRecorder() as rec:
            latents = pipe(**args, generator=torch.manual_seed(1234), output_type="latent", callback_on_step_end=on_step).images
        with torch.no_grad(), DrawRecorder() as rec2:
            image_pt = pipe(**args, generator=torch.manual_seed(1234), output_type="pt").images
        assert len(rec.draws) == len(rec2.draws) and all(torch.equal(a[0], b[0]) for a, b in zip(rec.draws, rec2.draws))
        with torch.no_grad():
            decoded = vae.decode(latents / vae.config.scaling_factor).sample
        assert torch.equal(pipe.image_processor.postprocess(decoded, output_type="pt"), image_pt)

        draws_doc[prefix] = []
        for k, (t, caller) in enumerate(rec.draws):
            gold.output(f"{prefix}.draw.{k}", t, f"random draw {k}: torch.randn from {caller}")
            draws_doc[prefix].append({"name": f"{prefix}.draw.{k}", "shape": list(t.shape), "from": caller})
        init_latents, noise = captured["latents"][0], captured["latents"][1]
        mask_latents, masked_image_latents = captured["mask"]
        gold.output(f"{prefix}.timesteps", torch.stack([s[1] for s in steps]).reshape(-1), f"timesteps the loop ran ({scheduler.__class__.__name__}, dtype {steps[0][1].dtype}); strength 0.99 with 4 steps keeps int(4 * 0.99) = 3 of them")
        gold.output(f"{prefix}.initial_latents", init_latents, "prepare_latents: scheduler.add_noise(image_latents, noise, first timestep)")
        gold.output(f"{prefix}.mask_latents", mask_latents, "prepare_mask_latents: nearest-resized mask, duplicated for CFG [2, 1, 8, 8]")
        gold.output(f"{prefix}.masked_image_latents", masked_image_latents, "prepare_mask_latents: scaling_factor * sample of vae.encode(image_in_[-1,1] * (mask < 0.5)), duplicated for CFG")
        gold.output(f"{prefix}.image_embeds", captured["ip"][0], "prepare_ip_adapter_image_embeds: cat(zeros, image_encoder(ip_adapter_image).image_embeds) as [2, 1, 24]")
        for i, t, lat in steps:
            gold.output(f"{prefix}.step.{i}.latents", lat, f"latents after scheduler step {i} (t = {t.item()})")
        gold.output(f"{prefix}.latents", latents, "final latents (output_type='latent')")
        gold.output(f"{prefix}.decoded", decoded, "vae.decode(latents / 0.13025).sample, in [-1, 1] before clamping")
        gold.output(f"{prefix}.image", image_pt, "output_type='pt' image: (decoded / 2 + 0.5).clamp(0, 1)")
    gold.notes = [
        "Components: text_encoder ../clip-text, text_encoder_2 ../clip-text-projection, unet ../unet-sdxl (+ its ip-adapter.safetensors at scale 0.6), controlnet ../controlnet-sdxl, image_encoder ../image-encoder, vae ./vae (an 8x VAE: block_out_channels (8, 16, 16, 16), norm_num_groups 4, scaling_factor 0.13025). Tokenizers are not used: prompt_embeds are given.",
        "Schedulers: EulerAncestralDiscreteScheduler and DPMSolverMultistepScheduler, both from_config of SDXL base's published scheduler config; the configs they write are in scheduler-euler-a/ and scheduler-dpm/.",
        "negative_prompt is None and force_zeros_for_empty_prompt: the unconditional prompt_embeds / pooled embeds are zeros; CFG batch order is [uncond, cond]; add_time_ids = (64, 64, 0, 0, 64, 64) for both halves.",
        "Draw order: vae.encode(init image).latent_dist.sample, the initial noise, vae.encode(masked image).latent_dist.sample, then (Euler ancestral only) one noise draw per step; DPM-Solver++ (2nd order, multistep) draws no noise.",
        "In diffusers 0.27.2 this pipeline only passes image_embeds to the UNet when ip_adapter_image is given (ip_adapter_image_embeds alone would not reach the UNet), so the run passes the image.",
    ]
    gold.write(folder, {"draws": draws_doc})


CASES = [
    ("clip-text", case_clip_text),
    ("clip-text-projection", case_clip_text_projection),
    ("vae", case_vae),
    ("unet-sd15", case_unet_sd15),
    ("lora-sd15", lora.case_lora_sd15),
    ("controlnet-sd15", case_controlnet_sd15),
    ("unet-sdxl", case_unet_sdxl),
    ("controlnet-sdxl", case_controlnet_sdxl),
    ("image-encoder", case_image_encoder),
    ("pipeline-sdxl", case_pipeline_sdxl),
    ("schedulers", lambda out: schedulers.case_schedulers(out, SDXL_SCHEDULER_CONFIG)),
    ("scheduler-lcm", schedulers.case_scheduler_lcm),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    names = args.cases or [n for n, _ in CASES]
    table = dict(CASES)
    os.makedirs(args.out, exist_ok=True)
    for name in names:
        print(f"== {name}", flush=True)
        table[name](args.out)
    print(json.dumps(reflib.sha256_tree(args.out), indent=1) if os.environ.get("SHOW_HASHES") else "done")


if __name__ == "__main__":
    main()
