#!/usr/bin/env python3
"""Draws the app icons (web/static/icons/*.png) with the standard library only: a rounded square in the
app's blue with a white shield and a check mark. Run it again after changing the design; the PNGs are committed."""
import struct
import zlib
from pathlib import Path

BLUE = (9, 105, 218)
WHITE = (255, 255, 255)


def inside_rounded_square(x, y, size, radius):
    cx = min(max(x, radius), size - radius)
    cy = min(max(y, radius), size - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def inside_shield(u, v):
    """u, v in [0, 1] over the inner box: flat top, straight sides, pointed bottom."""
    if v < 0.0 or v > 1.0:
        return False
    half = 0.5 if v < 0.5 else 0.5 * (1.0 - ((v - 0.5) / 0.5) ** 1.6)
    return abs(u - 0.5) <= half


def on_check(u, v, width):
    """A check mark from (0.28, 0.52) to (0.45, 0.68) to (0.74, 0.36)."""
    def near(ax, ay, bx, by):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy)))
        return (u - ax - t * dx) ** 2 + (v - ay - t * dy) ** 2 <= width ** 2
    return near(0.28, 0.50, 0.45, 0.67) or near(0.45, 0.67, 0.74, 0.33)


def pixel(x, y, size, maskable):
    if not maskable and not inside_rounded_square(x, y, size, size * 0.18):
        return (0, 0, 0, 0)
    # Maskable icons keep their content in the central 80% (the safe zone).
    margin = 0.26 if maskable else 0.18
    u = (x / size - margin) / (1 - 2 * margin)
    v = (y / size - margin) / (1 - 2 * margin)
    if inside_shield(u, v):
        if on_check(u, v, 0.075):
            return BLUE + (255,)
        return WHITE + (255,)
    return BLUE + (255,)


def png(size, maskable=False):
    rows = []
    samples = 3  # supersampling for smooth edges
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    p = pixel(x + (sx + 0.5) / samples, y + (sy + 0.5) / samples, size, maskable)
                    for i in range(4):
                        acc[i] += p[i] * (p[3] if i < 3 else 1)
            alpha = acc[3] / (samples * samples)
            if alpha:
                rgb = [round(acc[i] / acc[3]) for i in range(3)]
            else:
                rgb = [0, 0, 0]
            row += bytes(rgb + [round(alpha)])
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    out = Path(__file__).parent / "icons"
    out.mkdir(exist_ok=True)
    (out / "icon-192.png").write_bytes(png(192))
    (out / "icon-512.png").write_bytes(png(512))
    (out / "maskable-512.png").write_bytes(png(512, maskable=True))
    (out / "apple-touch-icon.png").write_bytes(png(180, maskable=True))
