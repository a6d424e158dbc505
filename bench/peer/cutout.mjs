#!/usr/bin/env node
// Benchmark peer for the Backdrop cut-out: runs @imgly/background-removal-node
// (ISNet on onnxruntime-node) on the given photos, times each removeBackground
// call and writes the alpha mask of the result as an 8-bit grayscale PNG.
//
//   node cutout.mjs [--runs N] [--warmup W] [--out DIR] [--model medium|small]
//                   [--raw-mask] IMAGE...
//
// stdout: one JSON line per image
//   {"image": path, "times_ms": [...], "median_ms": x, "output": path}
// stderr: one JSON line {"peer": {...}} with the configuration used, before
//   the first image; one {"cpu": {...}} line per image with the CPU time of
//   the same timed calls; one {"summary": {...}} line at the end.
//
// What one timed sample covers: the single call
//   await removeBackground(new URL("file://<image>"), config)
// from the moment it is made until the PNG Blob it resolves to is in hand.
// Inside that call the peer reads the file, decodes it with sharp, resizes it
// to 1024x1024 (bilinear, in JS), normalises it, runs the ONNX model, turns
// the output into an 8-bit mask, resizes that back to the image size (JS),
// puts it in the alpha channel and encodes the PNG with sharp (its default
// output: image/png, quality 0.8, which sharp turns into a palette PNG).
// Not timed: loading the model and creating the onnxruntime session (done
// once, before any image, by a call on a tiny generated image, reported as
// load_ms), extracting the alpha channel from the PNG and writing the files.

import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

import { removeBackground } from '@imgly/background-removal-node';

const PEER = '@imgly/background-removal-node';
const MODELS = ['medium', 'small'];

function usage(message) {
  if (message) process.stderr.write(`error: ${message}\n`);
  process.stderr.write(
    'usage: node cutout.mjs [--runs N] [--warmup W] [--out DIR] ' +
      '[--model medium|small] [--raw-mask] IMAGE...\n' +
      '  --runs N      timed calls per image (default 5, at least 1)\n' +
      '  --warmup W    untimed calls per image before those (default 1)\n' +
      '  --out DIR     where <basename>.png masks go (default: bench/out/peer\n' +
      '                of the repository, which git ignores)\n' +
      '  --model M     medium (fp16 ISNet, default) or small (quint8 ISNet)\n' +
      '  --raw-mask    write the mask from one extra, untimed call whose output\n' +
      '                format is raw RGBA (image/x-rgba8), i.e. without the\n' +
      '                palette quantisation of the default PNG output; this\n' +
      '                loads the model a second time\n',
  );
  process.exit(message ? 2 : 0);
}

function parseCount(value, name, min) {
  if (!/^\d+$/.test(value)) usage(`--${name} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min) usage(`--${name} must be at least ${min}`);
  return n;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round3 = (x) => Math.round(x * 1000) / 1000;

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      out: { type: 'string' },
      model: { type: 'string', default: 'medium' },
      'raw-mask': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (err) {
  usage(err.message);
}
const { values: opts, positionals: images } = parsed;
if (opts.help) usage();
const runs = parseCount(opts.runs, 'runs', 1);
const warmup = parseCount(opts.warmup, 'warmup', 0);
if (!MODELS.includes(opts.model)) usage(`--model must be one of ${MODELS.join(', ')}`);
if (images.length === 0) usage('no IMAGE given');

const outDir = opts.out
  ? path.resolve(opts.out)
  : fileURLToPath(new URL('../out/peer/', import.meta.url));
const seen = new Map();
for (const image of images) {
  if (!existsSync(image)) usage(`no such file: ${image}`);
  const name = path.parse(image).name + '.png';
  if (seen.has(name)) usage(`${image} and ${seen.get(name)} would both write ${name}`);
  seen.set(name, image);
}

// The peer resolves its default publicPath (where resources.json and the
// model chunks live) against the current directory, so it only works when
// run from the folder holding node_modules. Point it at the installed
// package's dist/ folder instead, so the script runs from anywhere. Nothing
// is fetched over the network: the model ships inside the package.
const peerEntry = import.meta.resolve(PEER); // file:///.../dist/index.mjs
const publicPath = new URL('./', peerEntry).href;
const peerRequire = createRequire(fileURLToPath(peerEntry));
const ort = peerRequire('onnxruntime-node');
const sharp = peerRequire('sharp');
const peerPkg = peerRequire('../package.json');
const resources = peerRequire('./resources.json');
const modelEntry = resources[`/models/${opts.model}`];

// The peer memoises its onnxruntime session on JSON.stringify(config), so the
// very same object is passed to every call. Only model and publicPath are set;
// everything else (output format image/png, quality 0.8) is the peer's default.
const config = { publicPath, model: opts.model };

process.stderr.write(
  JSON.stringify({
    peer: {
      package: `${PEER}@${peerPkg.version}`,
      config_passed: config,
      config_defaults_from_peer: { output: { format: 'image/png', quality: 0.8 }, debug: false },
      model: opts.model,
      model_bytes: modelEntry?.size,
      // The peer has no device option: it creates the onnxruntime session with
      // no executionProviders (graphOptimizationLevel "all", executionMode
      // "parallel"), so onnxruntime-node runs it on its CPU provider.
      device: 'cpu',
      onnxruntime_node: ort.env.versions?.node,
      onnxruntime_backends_available: ort.listSupportedBackends?.(),
      sharp: sharp.versions?.sharp,
      libvips: sharp.versions?.vips,
      node: process.version,
      cpus: os.availableParallelism?.() ?? os.cpus().length,
      loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    },
  }) + '\n',
);

async function alphaToGrayPng(pngOrRaw, rawInfo, file) {
  const input = rawInfo ? sharp(pngOrRaw, { raw: rawInfo }) : sharp(pngOrRaw);
  await input.ensureAlpha().extractChannel(3).toColourspace('b-w').png().toFile(file);
}

// Load the model and create the session once, before any image, on a tiny
// generated image; the peer needs a typed Blob (or a path/URL) as input.
const tiny = await sharp({
  create: { width: 16, height: 16, channels: 3, background: { r: 128, g: 128, b: 128 } },
})
  .png()
  .toBuffer();
let t0 = performance.now();
await removeBackground(new Blob([tiny], { type: 'image/png' }), config);
const loadMs = performance.now() - t0;

await mkdir(outDir, { recursive: true });

const rawConfig = { ...config, output: { format: 'image/x-rgba8' } };
let outputInfo;
for (const image of images) {
  const source = pathToFileURL(path.resolve(image));
  for (let i = 0; i < warmup; i++) await removeBackground(source, config);
  const times = [];
  const cpuTimes = [];
  let blob;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    t0 = performance.now();
    blob = await removeBackground(source, config);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuTimes.push((c.user + c.system) / 1000);
  }
  const png = Buffer.from(await blob.arrayBuffer());
  if (!outputInfo) {
    // PNG IHDR: bit depth at byte 24, colour type at byte 25 (3 = palette).
    const colourTypes = { 0: 'gray', 2: 'rgb', 3: 'palette', 4: 'gray+alpha', 6: 'rgba' };
    outputInfo = { type: blob.type, png_bit_depth: png[24], png_colour_type: colourTypes[png[25]] ?? png[25] };
  }
  const output = path.join(outDir, path.parse(image).name + '.png');
  if (opts['raw-mask']) {
    const raw = await removeBackground(source, rawConfig);
    const { width, height } = Object.fromEntries(
      raw.type.split(';').slice(1).map((kv) => kv.split('=').map((s) => s.trim())),
    );
    const data = Buffer.from(await raw.arrayBuffer());
    await alphaToGrayPng(data, { width: Number(width), height: Number(height), channels: 4 }, output);
  } else {
    await alphaToGrayPng(png, null, output);
  }
  process.stdout.write(
    JSON.stringify({ image, times_ms: times.map(round3), median_ms: round3(median(times)), output }) + '\n',
  );
  // CPU time (user + system, all threads of this process) of the same timed
  // calls: less sensitive than wall time when the machine is shared.
  process.stderr.write(
    JSON.stringify({ cpu: { image, cpu_ms: cpuTimes.map(round3), median_cpu_ms: round3(median(cpuTimes)) } }) + '\n',
  );
}

const usage_ = process.resourceUsage();
process.stderr.write(
  JSON.stringify({
    summary: {
      load_ms: round3(loadMs),
      peer_output: outputInfo,
      mask: opts['raw-mask'] ? 'alpha of an extra untimed image/x-rgba8 call' : 'alpha of the last timed PNG',
      max_rss_mib: Math.round((usage_.maxRSS / 1024) * 10) / 10,
      loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    },
  }) + '\n',
);
