"""Synthetic CT-like slices with lesion-like blobs, for Limn's demo models.

Each slice is a body section in Hounsfield units: air, a fat rim, soft tissue
with low-frequency texture, an organ, lungs, a spine, then 0-3 lesions of
varied size (2-20 mm radius), contrast (hypo- or hyperdense by 15-120 HU),
shape (a wobbling radius) and boundary (sharp to blurred over a few pixels),
and scanner-like noise. The ground truth of a lesion is where its wobbling
radius covers the pixel centre (the 50 % point of its blurred edge).
"""
import numpy as np


def _texture(rng, size, scale, amplitude):
    coarse = rng.normal(0.0, 1.0, (size // scale + 2, size // scale + 2))
    ys = (np.arange(size) + 0.5) / scale
    y0 = np.floor(ys).astype(int)
    t = ys - y0
    rows = coarse[y0] * (1 - t)[:, None] + coarse[y0 + 1] * t[:, None]
    out = rows[:, y0] * (1 - t)[None, :] + rows[:, y0 + 1] * t[None, :]
    return amplitude * out


def _blur(img, sigma):
    if sigma <= 0:
        return img
    radius = max(1, int(3 * sigma))
    k = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    k /= k.sum()
    padded = np.pad(img, radius, mode="edge")
    rows = np.apply_along_axis(lambda r: np.convolve(r, k, mode="valid"), 1, padded)
    return np.apply_along_axis(lambda c: np.convolve(c, k, mode="valid"), 0, rows)


def synth_slice(rng, size=256, pixel_mm=1.4, max_lesions=3):
    """Returns (hu float32 [size, size], lesion masks: list of bool [size, size],
    each lesion's contrast in HU against its surroundings)."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float64) + 0.5
    hu = np.full((size, size), -1000.0)
    cx = size / 2 + rng.uniform(-0.04, 0.04) * size
    cy = size / 2 + rng.uniform(-0.03, 0.03) * size
    ax, ay = size * rng.uniform(0.38, 0.46), size * rng.uniform(0.28, 0.36)
    body = ((xx - cx) / ax) ** 2 + ((yy - cy) / ay) ** 2 <= 1
    fat_mm = rng.uniform(5, 15) / pixel_mm
    inner = ((xx - cx) / (ax - fat_mm)) ** 2 + ((yy - cy) / (ay - fat_mm)) ** 2 <= 1
    tissue = rng.uniform(35, 60)
    hu[body] = -95 + rng.normal(0, 5)
    hu[inner] = tissue
    lungs = np.zeros_like(body)
    if rng.uniform() < 0.6:
        for side in (-1, 1):
            lx, ly = cx + side * ax * 0.45, cy - ay * 0.1
            lung = ((xx - lx) / (ax * 0.35)) ** 2 + ((yy - ly) / (ay * 0.6)) ** 2 <= 1
            lungs |= lung & inner
        hu[lungs] = rng.uniform(-880, -780)
    organ = ((xx - cx - ax * rng.uniform(-0.3, 0.3)) / (ax * 0.35)) ** 2 + \
            ((yy - cy - ay * 0.2) / (ay * 0.4)) ** 2 <= 1
    organ &= inner & ~lungs
    hu[organ] = tissue + rng.uniform(10, 30)
    spine = ((xx - cx) ** 2 + (yy - cy - ay * 0.72) ** 2) <= (ay * 0.14) ** 2
    hu[spine & inner] = rng.uniform(400, 900)
    hu[inner & ~lungs] += _texture(rng, size, 16, rng.uniform(3, 10))[inner & ~lungs]

    masks, contrasts = [], []
    for _ in range(rng.integers(0, max_lesions + 1)):
        for _attempt in range(20):
            r0 = rng.uniform(2, 20) / pixel_mm
            lx, ly = rng.uniform(0, size), rng.uniform(0, size)
            if not inner[int(ly) % size, int(lx) % size] or spine[int(ly) % size, int(lx) % size]:
                continue
            dist = np.hypot(xx - lx, yy - ly)
            theta = np.arctan2(yy - ly, xx - lx)
            radius = r0 * np.ones_like(theta)
            for k in range(2, 5):
                radius += r0 * rng.uniform(0, 0.12) * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
            inside = dist <= radius
            if not (inside & ~inner).any() and not any((inside & m).any() for m in masks):
                break
        else:
            continue
        edge = rng.uniform(0.3, 2.5)  # pixels over which the boundary blurs
        with np.errstate(over="ignore"):  # far outside: exp overflows to inf, the weight is 0 as wanted
            weight = 1.0 / (1.0 + np.exp(-(radius - dist) / edge * 1.7))
        background = hu[int(ly), int(lx)]
        delta = rng.choice([-1, 1]) * rng.uniform(15, 120)
        if background < -500:  # a nodule in lung: solid
            delta = rng.uniform(700, 950)
        hu = hu + weight * delta * (dist <= radius + 4 * edge)
        masks.append(inside)
        contrasts.append(float(delta))
    hu = _blur(hu, rng.uniform(0.3, 0.8))
    hu += rng.normal(0, rng.uniform(5, 25), hu.shape)
    return hu.astype(np.float32), masks, contrasts
