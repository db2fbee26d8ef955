"""Video figures: MB per minute and SSIM against the source for each rung of the ladder.

Usage: .venv/bin/python bench/video.py [--seconds 60] [--source FILE]
Without --source it makes a reference clip like the demo films (ffmpeg's testsrc2 pattern,
854x480, moving detail and a tone): harder to compress than most real films, so the
figures are on the safe side. Prints a Markdown table and writes bench/results/video.json.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from app.media.video import encode, make_test_film, probe  # noqa: E402
from app.watch.transcode import DATA_SAVER_HEIGHT, LADDER  # noqa: E402

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def ssim(source, rendition, width, height):
    """Mean SSIM of the rendition scaled back to the source size (1.0 = identical)."""
    result = subprocess.run(
        ["ffmpeg", "-v", "info", "-i", rendition, "-i", source, "-lavfi",
         f"[0:v]scale={width}:{height}:flags=bicubic[a];[a][1:v]ssim", "-f", "null", "-"],
        capture_output=True, text=True, timeout=1800,
    )
    match = re.search(r"All:([0-9.]+)", result.stderr)
    return float(match.group(1)) if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--source")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="karangou-video-")
    source = args.source or make_test_film(os.path.join(folder, "reference.mp4"), "Karangou", seconds=args.seconds)
    info = probe(source)
    stream = next(s for s in info["streams"] if s["codec_type"] == "video")
    width, height = int(stream["width"]), int(stream["height"])
    rows = []
    for rung in LADDER:
        path = os.path.join(folder, f"{rung.height}p.mp4")
        started = time.monotonic()
        encode(source, path, rung)
        seconds = time.monotonic() - started
        duration = float(probe(path)["format"]["duration"])
        size = os.path.getsize(path)
        rows.append({"rendition": f"{rung.height}p", "video_kbps": rung.video_kbps, "audio_kbps": rung.audio_kbps,
                     "mb_per_minute": round(size / 1_000_000 / duration * 60, 3), "bytes": size,
                     "ssim": ssim(source, path, width, height), "encode_seconds": round(seconds, 1),
                     "data_saver_default": rung.height == DATA_SAVER_HEIGHT})
    print(f"Source: {os.path.basename(source)}, {width}x{height}, {float(info['format']['duration']):.0f} s\n")
    print("| Rendition | Video kbit/s | Audio kbit/s | MB per minute | SSIM vs source | Encode time |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        mark = " (data-saver default)" if row["data_saver_default"] else ""
        print(f"| {row['rendition']}{mark} | {row['video_kbps']} | {row['audio_kbps']} | {row['mb_per_minute']:.2f} "
              f"| {row['ssim']:.3f} | {row['encode_seconds']} s |")
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "video.json"), "w") as f:
        json.dump({"source": {"width": width, "height": height}, "renditions": rows}, f, indent=2)
    saver = next(r for r in rows if r["data_saver_default"])
    return 0 if saver["mb_per_minute"] <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
