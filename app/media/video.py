"""ffmpeg and ffprobe, called as programs: the one place that knows their arguments.

A rendition is a fragmented MP4: `ftyp` and `moov` first, then a `sidx` index of its
fragments, then one fragment (`moof` + `mdat`) every 4 s. Keyframes are placed by count
(`-g`, scene-cut detection off) from the rendition's frame rate, so every rung of both
ladders starts its fragments at the same instants: the page's loader can change rung between
two fragments, and a phone can start playing from the first bytes. Bitrates are capped, not
only targeted: a viewer pays for the worst second as much as for the average one (maxrate
1.2× for H.264; SVT-AV1's VBR keeps within its target over a few seconds).
"""
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


class VideoError(RuntimeError):
    """ffmpeg or ffprobe failed, or the file is not a video we can use."""


@dataclass(frozen=True)
class VideoInfo:
    """What the rest of Karangou needs to know about a video file."""

    duration_s: float
    width: int
    height: int
    frame_rate: float = 25.0
    has_audio: bool = True


def have_ffmpeg():
    return shutil.which("ffmpeg") is not None and shutil.which("ffprobe") is not None


def probe(path):
    """Duration and streams of a media file, as ffprobe reports them."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
        capture_output=True, text=True, timeout=60,
    )
    if result.returncode != 0:
        raise VideoError(result.stderr.strip()[-300:] or "ffprobe failed")
    return json.loads(result.stdout)


def inspect(path):
    """The file's VideoInfo; VideoError if it has no picture or no length."""
    info = probe(path)
    stream = next((s for s in info.get("streams", []) if s.get("codec_type") == "video"), None)
    duration = float(info.get("format", {}).get("duration") or 0)
    if stream is None or duration <= 0:
        raise VideoError("no video stream")
    return VideoInfo(duration_s=duration, width=int(stream.get("width") or 0), height=int(stream.get("height") or 0),
                     frame_rate=_rate(stream.get("avg_frame_rate")) or _rate(stream.get("r_frame_rate")) or 25.0,
                     has_audio=any(s.get("codec_type") == "audio" for s in info.get("streams", [])))


def _rate(text):
    """25.0 from "25/1", 23.976 from "24000/1001"; None when ffprobe has no figure ("0/0")."""
    numerator, _, denominator = (text or "").partition("/")
    try:
        value = float(numerator) / float(denominator or 1)
    except (ValueError, ZeroDivisionError):
        return None
    return value if 1 <= value <= 240 else None


MAX_FRAME_RATE = 25
FRAGMENTED = "+frag_keyframe+empty_moov+default_base_moof+global_sidx+faststart"


def output_frame_rate(source_rate):
    return min(source_rate, MAX_FRAME_RATE)


def encode_command(source, destination, rung, source_rate=25.0, fragment_s=4):
    """The ffmpeg call for one rung of a ladder (app.watch.transcode)."""
    command = ["ffmpeg", "-nostdin", "-v", "error", "-nostats", "-progress", "pipe:1", "-y", "-i", source]
    if rung.codec == "opus":  # sound only: fragments by duration, every audio frame can start one
        return command + ["-map", "0:a:0", "-vn", "-c:a", "libopus", "-b:a", f"{rung.audio_kbps}k",
                          "-ac", str(rung.channels), "-frag_duration", str(fragment_s * 1_000_000),
                          "-movflags", "+empty_moov+default_base_moof+global_sidx+faststart", "-f", "mp4", destination]
    rate = output_frame_rate(source_rate)
    gop = max(1, round(rate * fragment_s))
    kbps = rung.video_kbps
    command += ["-map", "0:v:0", "-map", "0:a:0?",
                "-vf", f"scale=-2:{rung.height}:flags=lanczos,fps={rate:.6g}", "-pix_fmt", "yuv420p", "-g", str(gop)]
    if rung.codec == "av1":
        command += ["-c:v", "libsvtav1", "-preset", str(rung.preset), "-b:v", f"{kbps}k",
                    "-svtav1-params", "scd=0", "-c:a", "libopus", "-b:a", f"{rung.audio_kbps}k"]
    else:
        command += ["-c:v", "libx264", "-profile:v", "main", "-preset", "medium", "-keyint_min", str(gop),
                    "-sc_threshold", "0", "-b:v", f"{kbps}k", "-maxrate", f"{int(kbps * 1.2)}k",
                    "-bufsize", f"{kbps * 2}k", "-c:a", "aac", "-b:a", f"{rung.audio_kbps}k", "-ar", "44100"]
    return command + ["-ac", str(rung.channels), "-movflags", FRAGMENTED, "-f", "mp4", destination]


def encode(source, destination, rung, timeout=3600, on_progress=None, source_rate=None):
    """Writes the rendition next to its final name (`.part.mp4`), then moves it in: never a
    half file. `on_progress(seconds)` hears how far into the film ffmpeg is, twice a second.
    However it ends (an error, the timeout, the job killed by its queue), ffmpeg is stopped and
    the partial file removed. `source_rate` (images a second) is probed when not given."""
    partial = destination + ".part.mp4"
    rate = source_rate or inspect(source).frame_rate
    with tempfile.TemporaryFile(mode="w+") as errors, subprocess.Popen(
            encode_command(source, partial, rung, rate), stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL,
            text=True, preexec_fn=_lower_priority) as process:
        try:
            _follow(process, timeout, on_progress)
        except BaseException:
            process.kill()
            process.wait()
            _remove(partial)
            raise
        if process.returncode != 0:
            _remove(partial)
            errors.seek(0)
            raise VideoError(errors.read().strip()[-300:] or "ffmpeg failed")
    os.replace(partial, destination)


def _lower_priority():
    """ffmpeg yields the processor to whatever answers viewers on the same machine (the demo runs
    its transcodes beside the web server; SVT-AV1 takes every core it finds)."""
    os.nice(10)


def _follow(process, timeout, on_progress):
    """Reads ffmpeg's `-progress` lines ("out_time_us=12000000") until it ends."""
    deadline = time.monotonic() + timeout
    for line in process.stdout:
        if time.monotonic() > deadline:
            raise VideoError(f"ffmpeg took more than {timeout} s")
        key, _, value = line.strip().partition("=")
        if key == "out_time_us" and on_progress is not None and value.isdigit():
            on_progress(int(value) / 1_000_000)
    process.wait()


def _remove(path):
    if os.path.exists(path):
        os.unlink(path)


def poster_frame(source, seconds):
    """A PNG of the frame at a third of the film, for films that came without a poster."""
    result = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-ss", str(max(0.0, seconds / 3)), "-i", source, "-frames:v", "1",
         "-f", "image2pipe", "-vcodec", "png", "-"],
        capture_output=True, timeout=120,
    )
    if result.returncode != 0 or not result.stdout:
        raise VideoError("no frame")
    return result.stdout


def cut(source, destination, seconds):
    """The first `seconds` of a film, streams copied as they are (instant, no re-encoding)."""
    os.makedirs(os.path.dirname(destination) or ".", exist_ok=True)
    result = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", source, "-t", str(seconds), "-map", "0",
                             "-c", "copy", "-movflags", "+faststart", destination],
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise VideoError(result.stderr.strip()[-300:] or "ffmpeg failed")
    return destination


def make_test_film(path, title, seconds=20, size="854x480", tone=440):
    """A short film from ffmpeg's test sources with the title burnt in, like a real upload."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(title)
        title_file = f.name
    font = f"fontfile={FONT}:" if os.path.exists(FONT) else ""
    drawtext = (
        f"drawtext={font}textfile={title_file}:fontsize=42:fontcolor=white:"
        "box=1:boxcolor=black@0.55:boxborderw=12:x=(w-text_w)/2:y=h-text_h-40"
    )
    command = [
        "ffmpeg", "-nostdin", "-v", "error", "-y",
        "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=24:duration={seconds}",
        "-f", "lavfi", "-i", f"sine=frequency={tone}:sample_rate=44100:duration={seconds}",
        "-vf", drawtext, "-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "96k", "-shortest", "-movflags", "+faststart", path,
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    finally:
        os.unlink(title_file)
    if result.returncode != 0:
        raise VideoError(result.stderr.strip()[-300:] or "ffmpeg failed")
    return path
