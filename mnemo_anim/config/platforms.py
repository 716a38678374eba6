"""Upload presets per platform: aspect, size, frame rate, bitrate ceiling and length limit.

Figures from each platform's published upload guidance (checked 2026-11):

- youtube: YouTube Help, "Recommended upload encoding settings" (support.google.com/youtube/
  answer/1722171): MP4, H.264 High, moov at the front, 4:2:0; 1080p at 48-60 fps: 12 Mbps.
  Uploads may run up to 12 hours.
- shorts: YouTube Official Blog (October 2024): Shorts up to 3 minutes for square or taller video;
  9:16 at 1080×1920 recommended; 1080p at 24-30 fps: 8 Mbps (same help page).
- reels: Meta / Instagram Reels specs: MP4 or MOV, H.264, 4:2:0, 23-60 fps, VBR at most 25 Mbps,
  1080×1920 (9:16) recommended, 3 s to 15 minutes.
- tiktok: TikTok upload guidance: 9:16 at 1080×1920, 30 fps recommended, MP4/MOV, up to 10
  minutes when uploaded.
- square: Instagram feed video: 1:1 at 1080×1080, 23-60 fps, VBR at most 25 Mbps, 3-60 s.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Platform:
    """What one platform asks of an upload."""

    aspect: str
    quality: str
    fps: int
    max_bitrate: str  # x264 maxrate, e.g. "12M"
    buffer: str  # x264 bufsize (twice the maxrate: smooth VBR)
    max_seconds: float
    source: str


PLATFORMS: dict[str, Platform] = {
    "youtube": Platform("16:9", "high", 60, "12M", "24M", 12 * 3600, "YouTube Help 1722171"),
    "shorts": Platform("9:16", "high", 30, "8M", "16M", 180, "YouTube Blog, Oct 2024"),
    "reels": Platform("9:16", "high", 30, "25M", "50M", 15 * 60, "Meta Reels specs"),
    "tiktok": Platform("9:16", "high", 30, "10M", "20M", 10 * 60, "TikTok upload guidance"),
    "square": Platform("1:1", "high", 30, "25M", "50M", 60, "Instagram feed video specs"),
}
