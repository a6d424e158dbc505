"""Renders a JFR recording's Java samples as a self-contained SVG flame graph (no other tools needed).

    jfr print --events jdk.ExecutionSample REC.jfr > samples.txt
    python3 bench/jfr-flame.py samples.txt out.svg "title"

Only Java frames are sampled: time inside ONNX Runtime's native run shows as the Java frame that
called it (OrtSession.run) or not at all, so the graph shows where the cut-out's own work goes.
"""
import re, sys, html, collections
text = open(sys.argv[1]).read()
title = sys.argv[3]
stacks = collections.Counter()
for event in text.split('jdk.ExecutionSample')[1:]:
    if 'stackTrace = [' not in event:
        continue
    body = event.split('stackTrace = [', 1)[1].split(']', 1)[0]
    frames = re.findall(r'^\s+([\w.$<>]+)\(', body, re.M)
    if frames:
        stacks[tuple(reversed(frames))] += 1
root = {'n': 0, 'c': {}}
for stack, count in stacks.items():
    node = root; node['n'] += count
    for f in stack:
        node = node['c'].setdefault(f, {'n': 0, 'c': {}}); node['n'] += count
W, H = 1200, 16
rects = []
def walk(node, name, x, depth):
    w = node['n'] / root['n'] * W
    if w < 0.3: return
    rects.append((x, depth, w, name, node['n']))
    cx = x
    for child_name, child in sorted(node['c'].items(), key=lambda kv: -kv[1]['n']):
        walk(child, child_name, cx, depth + 1); cx += child['n'] / root['n'] * W
walk(root, 'all', 0, 0)
depth = max(r[1] for r in rects) + 1
height = depth * H + 40
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" font-family="monospace" font-size="11">',
       f'<text x="4" y="16" font-size="13">{html.escape(title)} ({root["n"]} samples; width = share of Java samples; hover for names)</text>']
for x, d, w, name, n in rects:
    y = height - (d + 1) * H
    short = name.split('.')[-2] + '.' + name.split('.')[-1] if '.' in name else name
    hue = 20 + (sum(map(ord, name)) % 40)  # stable colours from run to run
    colour = f'hsl({hue},80%,{60 if "dev.backdrop" in name else 75}%)'
    label = html.escape(short) if w > 7 * len(short) * 0.6 else ''
    out.append(f'<g><title>{html.escape(name)}: {n} samples ({100*n/root["n"]:.1f}%)</title>'
               f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{H-1}" fill="{colour}"/>'
               f'<text x="{x+2:.1f}" y="{y+11}">{label[:int(w/6.6)]}</text></g>')
out.append('</svg>')
open(sys.argv[2], 'w').write('\n'.join(out))
