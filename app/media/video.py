"""ffmpeg and ffprobe, called as programs: the one place that knows their arguments."""
import json
import os
import shutil
import subprocess
import tempfile

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


class VideoError(RuntimeError):
    """ffmpeg or ffprobe failed, or the file is not a video we can use."""


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
        "ffmpeg", "-v", "error", "-y",
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
