"""Trains, evaluates and exports Limn's two bundled demo models.

  /usr/bin/python3 script/models/train_demo_models.py [--out web/models] [--fixtures tests/data/models]

lesion-seg: a small U-Net that maps a windowed 256x256 CT slice to lesion
logits. lesion-click: the same network with four input channels (the
windowed 128x128 crop around the prompt, positive clicks, negative clicks,
the prompt box) that maps prompts to the mask of the lesion they point at.
Both are trained on synthetic_ct slices (fixed seeds, 2 CPU threads: the
same command gives the same models), evaluated by Dice on held-out slices
from another seed, exported to ONNX with their model cards, and fixed
inputs with PyTorch's outputs are written for the tests to compare
against. The preprocessing here mirrors client/core/infer exactly: window
to [0, 1], bilinear sampling at pixel centres with edges clamped, and
Gaussian click maps.
"""
import argparse
import hashlib
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthetic_ct import synth_slice  # noqa: E402

SLICE = 256           # lesion-seg input and training slice size
CROP = 128            # lesion-click input size
WINDOW = (40.0, 400.0)  # centre, width (HU)
CLICK_SIGMA = 3.0     # click maps: Gaussian sigma in model pixels
CROP_FRACTION = 0.375  # click-only crop: this share of the image's longer side
BOX_SCALE = 2.0       # box prompt crop: this many times the box's longer side...
MIN_CROP_FRACTION = 0.125  # ...but at least this share of the image


def window(hu):
    c, w = WINDOW
    return np.clip((hu - (c - w / 2)) / w, 0.0, 1.0).astype(np.float32)


class UNet(nn.Module):
    def __init__(self, channels_in, width=12):
        super().__init__()

        def block(a, b):
            return nn.Sequential(nn.Conv2d(a, b, 3, padding=1), nn.BatchNorm2d(b), nn.ReLU(inplace=True),
                                 nn.Conv2d(b, b, 3, padding=1), nn.BatchNorm2d(b), nn.ReLU(inplace=True))
        w = width
        self.e1, self.e2, self.e3 = block(channels_in, w), block(w, 2 * w), block(2 * w, 4 * w)
        self.mid = block(4 * w, 4 * w)
        self.d3, self.d2, self.d1 = block(8 * w, 2 * w), block(4 * w, w), block(2 * w, w)
        self.head = nn.Conv2d(w, 1, 1)

    def forward(self, x):
        e1 = self.e1(x)
        e2 = self.e2(F.max_pool2d(e1, 2))
        e3 = self.e3(F.max_pool2d(e2, 2))
        m = self.mid(F.max_pool2d(e3, 2))
        d3 = self.d3(torch.cat([F.interpolate(m, scale_factor=2.0, mode="nearest"), e3], 1))
        d2 = self.d2(torch.cat([F.interpolate(d3, scale_factor=2.0, mode="nearest"), e2], 1))
        d1 = self.d1(torch.cat([F.interpolate(d2, scale_factor=2.0, mode="nearest"), e1], 1))
        return self.head(d1)


def make_pool(seed, count):
    rng = np.random.default_rng(seed)
    images, masks, lesions = [], [], []
    for _ in range(count):
        hu, ms, _ = synth_slice(rng, SLICE)
        images.append(window(hu))
        union = np.zeros((SLICE, SLICE), bool)
        for m in ms:
            union |= m
        masks.append(union)
        lesions.append(ms)
    return np.stack(images), np.stack(masks).astype(np.float32), lesions


def loss_fn(logits, target):
    p = torch.sigmoid(logits)
    inter = (p * target).sum((1, 2, 3))
    dice = 1 - (2 * inter + 1) / (p.sum((1, 2, 3)) + target.sum((1, 2, 3)) + 1)
    return F.binary_cross_entropy_with_logits(logits, target) + dice.mean()


def dice(pred, truth):
    inter = np.logical_and(pred, truth).sum()
    total = pred.sum() + truth.sum()
    return 1.0 if total == 0 else 2.0 * inter / total


# ---- the interactive model's prompts, as client/core/infer builds them ----

def crop_region(box, clicks, image_size):
    """(x0, y0, side) in image pixels: the square the model sees."""
    if box is not None:
        bx, by, bw, bh = box
        side = max(MIN_CROP_FRACTION * image_size, BOX_SCALE * max(bw, bh))
        cx, cy = bx + bw / 2, by + bh / 2
    else:
        side = CROP_FRACTION * image_size
        cx = float(np.mean([c[0] for c in clicks]))
        cy = float(np.mean([c[1] for c in clicks]))
    return cx - side / 2, cy - side / 2, side


def sample_crop(image, region):
    """Bilinear samples at the CROP x CROP pixel centres of `region`, edges clamped."""
    x0, y0, side = region
    h, w = image.shape
    t = (np.arange(CROP) + 0.5) * side / CROP
    xs = np.clip(x0 + t - 0.5, 0, w - 1)
    ys = np.clip(y0 + t - 0.5, 0, h - 1)
    xi = np.minimum(np.floor(xs).astype(int), w - 2)
    yi = np.minimum(np.floor(ys).astype(int), h - 2)
    fx, fy = xs - xi, ys - yi
    top = image[yi][:, xi] * (1 - fx) + image[yi][:, xi + 1] * fx
    bottom = image[yi + 1][:, xi] * (1 - fx) + image[yi + 1][:, xi + 1] * fx
    return (top * (1 - fy)[:, None] + bottom * fy[:, None]).astype(np.float32)


def click_map(points, region):
    x0, y0, side = region
    scale = CROP / side
    grid = np.arange(CROP) + 0.5
    out = np.zeros((CROP, CROP), np.float32)
    for px, py in points:
        mx, my = (px - x0) * scale, (py - y0) * scale
        g = np.exp(-((grid[None, :] - mx) ** 2 + (grid[:, None] - my) ** 2) / (2 * CLICK_SIGMA ** 2))
        out = np.maximum(out, g.astype(np.float32))
    return out


def box_map(box, region):
    out = np.zeros((CROP, CROP), np.float32)
    if box is None:
        return out
    x0, y0, side = region
    scale = CROP / side
    centres = np.arange(CROP) + 0.5
    bx, by, bw, bh = box
    inx = (centres >= (bx - x0) * scale) & (centres <= (bx + bw - x0) * scale)
    iny = (centres >= (by - y0) * scale) & (centres <= (by + bh - y0) * scale)
    out[np.ix_(iny, inx)] = 1.0
    return out


def prompt_sample(rng, image, lesion, others):
    ys, xs = np.nonzero(lesion)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    box = None
    if rng.uniform() < 0.5:
        jitter = rng.uniform(-0.1, 0.1, 4) * max(x1 - x0, y1 - y0)
        box = (x0 + jitter[0], y0 + jitter[1], x1 - x0 + jitter[2], y1 - y0 + jitter[3])
    # The first positive click near the centre of mass, later ones anywhere inside.
    k = rng.integers(len(xs))
    first = (xs.mean() + 0.5 + rng.normal(0, 0.15) * (x1 - x0) / 2, ys.mean() + 0.5 + rng.normal(0, 0.15) * (y1 - y0) / 2)
    positives = [first] + [(xs[k] + 0.5, ys[k] + 0.5)] * int(rng.uniform() < 0.3)
    negatives = []
    if rng.uniform() < 0.4:
        outside = np.argwhere(~lesion & (np.hypot(*np.meshgrid(np.arange(SLICE) - xs.mean(), np.arange(SLICE) - ys.mean())) < 2 * max(x1 - x0, y1 - y0)))
        if len(outside):
            yy, xx = outside[rng.integers(len(outside))]
            negatives.append((xx + 0.5, yy + 0.5))
    for other in others:  # another lesion near by: a negative click on it sometimes
        if rng.uniform() < 0.5:
            oy, ox = np.nonzero(other)
            negatives.append((ox.mean() + 0.5, oy.mean() + 0.5))
    # A box around this lesion and its nearest neighbour, with a negative click
    # on the neighbour: the person says "this one, not that one".
    near = [o for o in others if np.hypot(*(np.argwhere(o).mean(0) - (ys.mean(), xs.mean()))) < 3 * max(x1 - x0, y1 - y0)]
    if near and rng.uniform() < 0.35:
        oy, ox = np.nonzero(near[0])
        bx0, by0 = min(x0, ox.min()), min(y0, oy.min())
        bx1, by1 = max(x1, ox.max() + 1), max(y1, oy.max() + 1)
        box = (bx0 - 1, by0 - 1, bx1 - bx0 + 2, by1 - by0 + 2)
        negatives = [(ox.mean() + 0.5, oy.mean() + 0.5)]
        if rng.uniform() < 0.5:
            positives = []
    region = crop_region(box, positives, SLICE)
    x = np.stack([sample_crop(image, region), click_map(positives, region), click_map(negatives, region), box_map(box, region)])
    y = sample_crop(lesion.astype(np.float32), region) >= 0.5
    return x, y.astype(np.float32), region


def train(model, batches, steps, lr):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    model.train()
    start = time.time()
    for step in range(steps):
        x, y = batches(step)
        loss = loss_fn(model(torch.from_numpy(x)), torch.from_numpy(y))
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 100 == 0 or step == steps - 1:
            print(f"  step {step + 1}/{steps} loss {loss.item():.4f} ({time.time() - start:.0f} s)", flush=True)
    model.eval()


def export(model, example, path, input_name, output_name):
    torch.onnx.export(model, torch.from_numpy(example), path, input_names=[input_name],
                      output_names=[output_name], opset_version=13, do_constant_folding=True)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(root, "web", "models"))
    ap.add_argument("--fixtures", default=os.path.join(root, "tests", "data", "models"))
    ap.add_argument("--train-slices", type=int, default=1500)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--heldout", type=int, default=200)
    ap.add_argument("--models", default="lesion-seg,lesion-click",
                    help="which to train (each has its own seeds, so one alone comes out as in a full run)")
    args = ap.parse_args()
    chosen = set(args.models.split(","))
    torch.manual_seed(7)
    torch.set_num_threads(2)
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.fixtures, exist_ok=True)

    print(f"generating {args.train_slices} training and {args.heldout} held-out slices")
    images, masks, lesions = make_pool(1, args.train_slices)
    test_images, test_masks, test_lesions = make_pool(2, args.heldout)
    rng = np.random.default_rng(3)

    # ---- lesion-seg: random 128x128 crops of whole slices (the network is fully convolutional) ----
    def seg_batch(_step, batch=16, crop=128):
        idx = rng.integers(len(images), size=batch)
        x = np.empty((batch, 1, crop, crop), np.float32)
        y = np.empty((batch, 1, crop, crop), np.float32)
        for b, i in enumerate(idx):
            ox, oy = rng.integers(0, SLICE - crop + 1, 2)
            img, msk = images[i, oy:oy + crop, ox:ox + crop], masks[i, oy:oy + crop, ox:ox + crop]
            if rng.uniform() < 0.5:
                img, msk = img[:, ::-1], msk[:, ::-1]
            x[b, 0], y[b, 0] = img, msk
        return x, y

    seg, seg_dice = None, None
    if "lesion-seg" in chosen:
        seg, seg_dice = train_segmenter(seg_batch, args, test_images, test_masks)

    # ---- lesion-click ----
    with_lesions = [i for i in range(len(images)) if lesions[i]]
    click_rng = np.random.default_rng(6)

    def click_batch(_step, batch=16):
        x = np.empty((batch, 4, CROP, CROP), np.float32)
        y = np.empty((batch, 1, CROP, CROP), np.float32)
        for b in range(batch):
            i = with_lesions[click_rng.integers(len(with_lesions))]
            k = click_rng.integers(len(lesions[i]))
            others = [m for j, m in enumerate(lesions[i]) if j != k]
            x[b], y[b, 0], _ = prompt_sample(click_rng, images[i], lesions[i][k], others)
        return x, y

    click, click_dice = None, None
    if "lesion-click" in chosen:
        click, click_dice = train_interactive(click_batch, args, test_images, test_lesions)

    # ---- export, cards, fixtures ----
    first = with_lesions_of(test_lesions)
    click_example, _, _ = prompt_sample(np.random.default_rng(5), test_images[first], test_lesions[first][0],
                                        test_lesions[first][1:])
    models = [
        ("lesion-seg", seg, test_images[:1, None].copy(), "image", "lesion_logits", seg_dice, "segmentation"),
        ("lesion-click", click, click_example[None], "prompted_image", "mask_logits", click_dice, "interactive-segmentation"),
    ]
    for name, model, example, input_name, output_name, score, task in models:
        if model is None:
            continue
        onnx_path = os.path.join(args.out, name + ".onnx")
        export(model, example, onnx_path, input_name, output_name)
        with torch.no_grad():
            reference = model(torch.from_numpy(example)).numpy()
        example.astype("<f4").tofile(os.path.join(args.fixtures, name + ".input.f32"))
        reference.astype("<f4").tofile(os.path.join(args.fixtures, name + ".output.f32"))
        card = model_card(name, task, input_name, output_name, example.shape, score, sha256(onnx_path),
                          sum(p.numel() for p in model.parameters()), args)
        with open(os.path.join(args.out, name + ".json"), "w") as f:
            json.dump(card, f, indent=2)
            f.write("\n")
    with open(os.path.join(args.out, "index.json"), "w") as f:
        json.dump({"models": [m[0] + ".json" for m in models]}, f, indent=2)
        f.write("\n")
    print("wrote", args.out, "and", args.fixtures)


def train_segmenter(seg_batch, args, test_images, test_masks):
    print("training lesion-seg")
    torch.manual_seed(7)
    seg = UNet(1)
    train(seg, seg_batch, args.steps, 3e-3)
    with torch.no_grad():
        probs = torch.sigmoid(seg(torch.from_numpy(test_images[:, None]))).numpy()[:, 0]
    pred = probs >= 0.5
    seg_dice = dice(pred, test_masks > 0.5)
    per_slice = [dice(p, t > 0.5) for p, t in zip(pred, test_masks) if t.any()]
    print(f"lesion-seg held-out Dice {seg_dice:.4f} (pooled), {np.mean(per_slice):.4f} (mean over {len(per_slice)} slices with lesions)")
    return seg, seg_dice


def train_interactive(click_batch, args, test_images, test_lesions):
    print("training lesion-click")
    torch.manual_seed(8)
    click = UNet(4)
    train(click, click_batch, args.steps, 3e-3)
    eval_rng = np.random.default_rng(4)
    click_scores = []
    for i in range(len(test_images)):
        for k, lesion in enumerate(test_lesions[i]):
            others = [m for j, m in enumerate(test_lesions[i]) if j != k]
            x, y, _ = prompt_sample(eval_rng, test_images[i], lesion, others)
            with torch.no_grad():
                p = torch.sigmoid(click(torch.from_numpy(x[None]))).numpy()[0, 0]
            click_scores.append(dice(p >= 0.5, y > 0.5))
    click_dice = float(np.mean(click_scores))
    print(f"lesion-click held-out Dice {click_dice:.4f} (mean over {len(click_scores)} prompted lesions)")
    return click, click_dice


def with_lesions_of(pool):
    return next(i for i, ls in enumerate(pool) if ls)


def model_card(name, task, input_name, output_name, shape, score, digest, parameters, args):
    card = {
        "format": "limn-model-card/1",
        "name": name,
        "version": "1.0.0",
        "task": task,
        "file": name + ".onnx",
        "sha256": digest,
        "modalities": ["CT"],
        "input": {"name": input_name, "layout": "NCHW", "channels": int(shape[1]),
                  "height": int(shape[2]), "width": int(shape[3]),
                  "window": {"center": WINDOW[0], "width": WINDOW[1]},
                  "normalise": {"mean": 0.0, "std": 1.0}, "resample": "bilinear"},
        "output": {"name": output_name, "decoding": "logits", "threshold": 0.5, "min_area": 6},
        "labels": [{"channel": 0, "label": "lesion"}],
        "annotation_shape": "mask",
        "provenance": {
            "trained_by": "script/train-models",
            "data": f"synthetic CT-like slices (script/models/synthetic_ct.py): {args.train_slices} for training (seed 1), "
                    f"{args.heldout} held out (seed 2)",
            "steps": args.steps, "parameters": int(parameters),
            "heldout_dice": round(float(score), 4),
            "framework": f"PyTorch {torch.__version__}, ONNX opset 13",
        },
    }
    if task == "interactive-segmentation":
        card["description"] = "Click-to-segment: positive and negative clicks and an optional box around one lesion."
        card["prompts"] = {"image_channel": 0, "positive_channel": 1, "negative_channel": 2, "box_channel": 3,
                           "click_sigma": CLICK_SIGMA, "crop_fraction": CROP_FRACTION, "box_scale": BOX_SCALE,
                           "min_crop_fraction": MIN_CROP_FRACTION}
    else:
        card["description"] = "Finds lesion-like blobs on CT slices (demo model trained on synthetic data)."
    return card


if __name__ == "__main__":
    main()
