"""Video figures: MB per minute, SSIM against the source and encode speed for every rung of
both ladders (AV1 + Opus, H.264 + AAC) and the sound-only rung.

Usage: .venv/bin/python bench/video.py [--source FILE | --real-film] [--seconds 60] [--rungs av1-240,h264-240]
--real-film takes Big Buck Bunny (scripts/fetch-film), whole unless --seconds is given.
Without either it makes a reference clip like the demo films (ffmpeg's testsrc2 pattern,
854x480, moving detail and a tone). SSIM compares each rendition, scaled back to the
source's size, with the source; "× real time" is the film's length over the encode's wall
time on this machine. Prints a Markdown table and writes bench/results/video.json.
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

from app.demo import real_film  # noqa: E402
from app.media.video import cut, encode, make_test_film, probe  # noqa: E402
from app.watch.transcode import DATA_SAVER_HEIGHT, LADDER, OPUS  # noqa: E402

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def ssim(source, rendition, width, height):
    """Mean SSIM of the rendition scaled back to the source size (1.0 = identical)."""
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "info", "-i", rendition, "-i", source, "-lavfi",
         f"[0:v]scale={width}:{height}:flags=bicubic[a];[a][1:v]ssim=shortest=1", "-f", "null", "-"],
        capture_output=True, text=True, timeout=1800,
    )
    match = re.search(r"All:([0-9.]+)", result.stderr)
    return float(match.group(1)) if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=None, help="the source's first N seconds (60 for the clip)")
    parser.add_argument("--source")
    parser.add_argument("--real-film", action="store_true")
    parser.add_argument("--rungs", help="keys to encode, e.g. av1-240,h264-240 (all by default)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="karangou-video-")
    if args.real_film or args.source:
        source = args.source or real_film.fetch()
        if args.seconds:
            source = cut(source, os.path.join(folder, "source.mp4"), args.seconds)
    else:
        source = make_test_film(os.path.join(folder, "reference.mp4"), "Karangou", seconds=args.seconds or 60)
    info = probe(source)
    stream = next(s for s in info["streams"] if s["codec_type"] == "video")
    width, height = int(stream["width"]), int(stream["height"])
    length = float(info["format"]["duration"])
    wanted = set(args.rungs.split(",")) if args.rungs else None
    rows = []
    for rung in LADDER:
        if wanted and rung.key not in wanted:
            continue
        path = os.path.join(folder, f"{rung.key}.mp4")
        started = time.monotonic()
        encode(source, path, rung)
        seconds = time.monotonic() - started
        duration = float(probe(path)["format"]["duration"])
        size = os.path.getsize(path)
        rows.append({"rendition": rung.key, "codec": rung.codec, "height": rung.height,
                     "video_kbps": rung.video_kbps, "audio_kbps": rung.audio_kbps,
                     "mb_per_minute": round(size / 1_000_000 / duration * 60, 3), "bytes": size,
                     "ssim": None if rung.codec == OPUS else ssim(source, path, width, height),
                     "encode_seconds": round(seconds, 1), "times_real_time": round(length / seconds, 2),
                     "data_saver_default": rung.height == DATA_SAVER_HEIGHT})
        print(f"{rung.key}: {rows[-1]['mb_per_minute']} MB/min, SSIM {rows[-1]['ssim']}, "
              f"{rows[-1]['times_real_time']}× real time", file=sys.stderr)
    print(f"Source: {os.path.basename(source)}, {width}x{height}, {length:.0f} s; load {os.getloadavg()[0]:.1f}\n")
    print("| Rendition | Video kbit/s | Audio kbit/s | MB per minute | SSIM vs source | Encode, × real time |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        quality = "—" if row["ssim"] is None else f"{row['ssim']:.3f}"
        print(f"| {row['rendition']} | {row['video_kbps']} | {row['audio_kbps']} | {row['mb_per_minute']:.2f} "
              f"| {quality} | {row['times_real_time']}× ({row['encode_seconds']} s) |")
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "video.json"), "w") as f:
        json.dump({"source": {"path": os.path.basename(source), "width": width, "height": height, "seconds": length},
                   "renditions": rows}, f, indent=2)
    savers = [r for r in rows if r["data_saver_default"] and r["codec"] != OPUS]
    return 0 if all(r["mb_per_minute"] <= (0.5 if r["codec"] == "av1" else 1.0) for r in savers) else 1


if __name__ == "__main__":
    sys.exit(main())
