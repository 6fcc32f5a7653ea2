#!/usr/bin/env bash
# Regenerates the photo test fixtures in this directory (needs python3 and libvips-tools). Small on purpose: they live in git.
#   photo-gps.jpg   96×64 JPEG whose EXIF says "rotate 90° clockwise" (Orientation 6) and carries GPS coordinates
#   photo.png / photo.webp / photo.heic   the same picture in the other accepted formats (HEIC through libheif's heifsave)
#   not-an-image.jpg   text with a .jpg name; corrupt.jpg   the first half of a larger JPEG (truncated mid-scan)
set -euo pipefail
cd -- "$(dirname -- "${BASH_SOURCE[0]}")"
tmp=$(mktemp -d); trap 'rm -rf -- "$tmp"' EXIT

python3 - "$tmp" <<'PY'
import struct, sys
tmp = sys.argv[1]
# A 96×64 picture: a red bar across the top so a test can tell which way up it ended.
w, h = 96, 64
px = bytearray(b"P6 %d %d 255\n" % (w, h))
for y in range(h):
    for x in range(w):
        px += bytes([220, 30, 30]) if y < 12 else bytes([(x * 2) % 256, (y * 3) % 256, 140])
open(f"{tmp}/base.ppm", "wb").write(px)
# A 320×240 noisy picture, so its JPEG is large enough to cut in half mid-scan.
w, h = 320, 240
big = bytearray(b"P6 %d %d 255\n" % (w, h))
import random
random.seed(7)
big += bytes(random.getrandbits(8) for _ in range(w * h * 3))
open(f"{tmp}/big.ppm", "wb").write(big)
PY
vips jpegsave "$tmp/base.ppm" "$tmp/plain.jpg" --Q 90 --strip
vips pngsave "$tmp/base.ppm" photo.png
vips webpsave "$tmp/base.ppm" photo.webp --Q 80
vips heifsave "$tmp/base.ppm" photo.heic --Q 60 --compression hevc
vips jpegsave "$tmp/big.ppm" "$tmp/big.jpg" --Q 90

python3 - "$tmp" <<'PY'
import struct, sys
tmp = sys.argv[1]
def entry(tag, typ, count, value):
    return struct.pack("<HHI", tag, typ, count) + value
# TIFF (little endian): IFD0 at 8 with Orientation=6 and a GPS IFD pointer; GPS IFD at 38 with N 31°14'0", E 121°28'0".
gps_at, lat_at, lon_at = 38, 92, 116
ifd0 = struct.pack("<H", 2) + entry(0x0112, 3, 1, struct.pack("<HH", 6, 0)) + entry(0x8825, 4, 1, struct.pack("<I", gps_at)) + struct.pack("<I", 0)
gps = (struct.pack("<H", 4)
       + entry(0x0001, 2, 2, b"N\0\0\0") + entry(0x0002, 5, 3, struct.pack("<I", lat_at))
       + entry(0x0003, 2, 2, b"E\0\0\0") + entry(0x0004, 5, 3, struct.pack("<I", lon_at)) + struct.pack("<I", 0))
rationals = struct.pack("<6I", 31, 1, 14, 1, 0, 1) + struct.pack("<6I", 121, 1, 28, 1, 0, 1)
tiff = b"II*\0" + struct.pack("<I", 8) + ifd0 + gps + rationals
assert len(b"II*\0") + 4 + len(ifd0) == gps_at and gps_at + len(gps) == lat_at
payload = b"Exif\0\0" + tiff
jpeg = open(f"{tmp}/plain.jpg", "rb").read()
app1 = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
open("photo-gps.jpg", "wb").write(jpeg[:2] + app1 + jpeg[2:])
big = open(f"{tmp}/big.jpg", "rb").read()
open("corrupt.jpg", "wb").write(big[: len(big) // 2])
open("not-an-image.jpg", "wb").write("这不是照片，只是改了扩展名的文本文件。\n".encode())
PY
