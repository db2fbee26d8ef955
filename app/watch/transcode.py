"""The rendition ladder and the ffmpeg call that makes each rung.

Progressive MP4 (H.264 Main + AAC-LC, `+faststart` so the `moov` box comes first and a
phone can start playing from the first bytes). Bitrates are capped, not only targeted:
a viewer pays for the worst second as much as for the average one. The 240p rung is the
data-saver default and must stay under 1 MB per minute: 84 kbit/s of video and 32 kbit/s
of mono audio make 116 kbit/s, 0.87 MB per minute before the container's ~1 %; the cap
(maxrate 1.2×) keeps hard scenes from going over.
"""
import os
import subprocess
from dataclasses import dataclass

from app.media.video import VideoError


@dataclass(frozen=True)
class Rung:
    height: int
    width: int
    video_kbps: int
    audio_kbps: int
    channels: int


LADDER = (
    Rung(144, 256, 50, 24, 1),
    Rung(240, 426, 84, 32, 1),
    Rung(360, 640, 260, 48, 2),
    Rung(480, 854, 550, 64, 2),
)
DATA_SAVER_HEIGHT = 240


def rungs_for(source_height):
    """The rungs at or below the source (never upscale), and always the smallest one."""
    chosen = [r for r in LADDER if r.height <= source_height]
    return chosen or [LADDER[0]]


def ffmpeg_command(source, destination, rung):
    video = rung.video_kbps
    return [
        "ffmpeg", "-v", "error", "-y", "-i", source,
        "-map", "0:v:0", "-map", "0:a:0?",
        "-vf", f"scale=-2:{rung.height}:flags=lanczos,fps=fps='min(source_fps,25)'",
        "-c:v", "libx264", "-profile:v", "main", "-preset", "medium", "-pix_fmt", "yuv420p",
        "-b:v", f"{video}k", "-maxrate", f"{int(video * 1.2)}k", "-bufsize", f"{video * 2}k",
        "-g", "100", "-c:a", "aac", "-b:a", f"{rung.audio_kbps}k", "-ac", str(rung.channels), "-ar", "44100",
        "-movflags", "+faststart", destination,
    ]


def encode(source, destination, rung):
    """Writes the rendition next to its final name, then moves it in: never a half file."""
    partial = destination + ".part.mp4"
    result = subprocess.run(ffmpeg_command(source, partial, rung), capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        if os.path.exists(partial):
            os.unlink(partial)
        raise VideoError(result.stderr.strip()[-300:] or "ffmpeg failed")
    os.replace(partial, destination)


def poster_frame(source, seconds):
    """A PNG of the frame at a third of the film, for films that came without a poster."""
    result = subprocess.run(
        ["ffmpeg", "-v", "error", "-ss", str(max(0.0, seconds / 3)), "-i", source, "-frames:v", "1",
         "-f", "image2pipe", "-vcodec", "png", "-"],
        capture_output=True, timeout=120,
    )
    if result.returncode != 0 or not result.stdout:
        raise VideoError("no frame")
    return result.stdout
