"""Local fake servers for the media providers, on 127.0.0.1 (no network): a Suno-compatible
music API and the Pexels video search API, each with switchable failure modes."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse


@dataclass
class FakeState:
    mode: str = "ok"
    audio: bytes = b""  # the body served for media downloads (song or clip)
    audio_type: str = "audio/mpeg"
    credits: float = 100.0
    polls_before_done: int = 2
    requests: list[tuple[str, str, dict[str, str], Any]] = field(default_factory=list)
    fail_next: list[int] = field(default_factory=list)  # statuses to answer before behaving
    polls: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def count(self, method: str, path: str) -> int:
        return sum(1 for m, p, _, _ in self.requests if m == method and p == path)


class _Handler(BaseHTTPRequestHandler):
    state: FakeState
    routes: dict[tuple[str, str], Any]

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def _send(self, status: int, body: Any, content_type: str = "application/json", headers=None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _handle(self, method: str) -> None:
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.state.requests.append((method, url.path, dict(self.headers), body or query))
        if self.state.fail_next:
            status = self.state.fail_next.pop(0)
            self._send(status, {"error": f"fake {status}"}, headers={"Retry-After": "0"})
            return
        handler = self.routes.get((method, url.path)) or self.routes.get((method, "*"))
        if handler is None:
            self._send(404, {"error": "not found"})
            return
        handler(self, query, body)

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")


def fake_song_mp3(folder: Path, tempo_bpm: float) -> bytes:
    """What the fake music API 'generates': a ≥ 40 s composer song, mastered loud, as MP3."""
    from ai_artist_dagster.domain.audio_files import encode_mp3, write_wav
    from ai_artist_dagster.domain.composer import master, plan_song, render_song

    sections = [("verse", "V"), ("chorus", "C")]
    plan = plan_song(sections, tempo_bpm=tempo_bpm, key=2, mode="major", genre="pop", seed=3, min_duration_s=40)
    song = render_song(plan)
    audio, _, _ = master(song.audio, song.sample_rate, target_lufs=-9)
    wav = write_wav(folder / "fake_song.wav", audio, song.sample_rate)
    return encode_mp3(wav, folder / "fake_song.mp3").read_bytes()


# --- Suno-compatible -----------------------------------------------------------------------
def _limit(h: _Handler, _q, _b) -> None:
    h._send(200, {"credits_left": h.state.credits, "period": "day", "monthly_limit": 500, "monthly_usage": 0})


def _generate(h: _Handler, _q, body) -> None:
    if h.state.mode == "captcha":
        h._send(401, {"error": "Unauthorized: captcha required, solve it in the browser"})
        return
    h._send(
        200,
        [{"id": "clip-1", "status": "submitted", "title": body.get("title")}, {"id": "clip-2", "status": "submitted"}],
    )


def _get(h: _Handler, query, _b) -> None:
    h.state.polls += 1
    ids = query.get("ids", "").split(",")
    mode = h.state.mode
    if mode == "job_error":
        status = "error"
    elif mode == "never" or h.state.polls <= h.state.polls_before_done:
        status = "queued" if h.state.polls == 1 else "streaming"
    else:
        status = "complete"
    if status == "complete" and "charged" not in h.state.extra:
        h.state.extra["charged"] = True
        h.state.credits -= 10
    base = f"http://{h.headers['Host']}"
    h._send(
        200,
        [
            {
                "id": i,
                "status": status,
                "audio_url": f"{base}/audio/{i}.mp3" if status in ("streaming", "complete") else "",
                "error_message": "content policy" if status == "error" else None,
            }
            for i in ids
        ],
    )


def _audio(h: _Handler, _q, _b) -> None:
    if h.state.mode == "not_audio":
        h._send(200, b"<html>login</html>", content_type="text/html")
    else:
        h._send(200, h.state.audio, content_type=h.state.audio_type)


SUNO_ROUTES = {
    ("GET", "/api/get_limit"): _limit,
    ("POST", "/api/custom_generate"): _generate,
    ("GET", "/api/get"): _get,
    ("GET", "*"): _audio,
}


class _Server(ThreadingHTTPServer):
    # socketserver's default listen backlog is 5: clients opening 16 connections at once (the Telegram
    # answers) could be refused on a loaded machine, which no real API does.
    request_queue_size = 128
    daemon_threads = True


@contextmanager
def local_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on 127.0.0.1 in a thread; yields the base URL."""
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def serve(routes: dict, state: FakeState):
    return local_server(type("Handler", (_Handler,), {"state": state, "routes": routes}))


# --- Pexels ------------------------------------------------------------------------------
def fake_clip_mp4(folder: Path) -> bytes:
    """A real 2-second portrait H.264 clip (ffmpeg's test pattern) to serve as stock footage."""
    import subprocess

    import imageio_ffmpeg

    out = folder / "clip.mp4"
    subprocess.run(
        [
            *(imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "lavfi"),
            *("-i", "testsrc2=size=360x640:rate=30", "-t", "2", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(out)),
        ],
        check=True,
    )
    return out.read_bytes()


def _video(base: str, vid: int) -> dict:
    files = [(1, 360, 640), (2, 720, 1280), (3, 2160, 3840), (4, 1920, 1080)]
    return {
        "id": vid,
        "width": 2160,
        "height": 3840,
        "duration": 12,
        "url": f"https://www.pexels.com/video/clip-{vid}/",
        "user": {"id": 7, "name": f"Videographer {vid}", "url": f"https://www.pexels.com/@maker{vid}"},
        "video_files": [
            {
                "id": vid * 10 + fid,
                "quality": "hd",
                "file_type": "video/mp4",
                "width": w,
                "height": h,
                "link": f"{base}/video-files/{vid}/{vid * 10 + fid}.mp4",
            }
            for fid, w, h in files
        ],
        "video_pictures": [],
    }


def _search(h: _Handler, query, _b) -> None:
    mode = h.state.mode
    if mode == "auth":
        h._send(401, {"error": "invalid api key"})
        return
    if mode == "rate_limited":
        h._send(429, {"error": "rate limit"})
        return
    remaining = "0" if mode == "quota_zero" else "199"
    headers = {"X-Ratelimit-Limit": "200", "X-Ratelimit-Remaining": remaining, "X-Ratelimit-Reset": "4102444800"}
    base = f"http://{h.headers['Host']}"
    start = 100 + 10 * (h.state.count("GET", "/videos/search") - 1)  # this request is already counted
    videos = [_video(base, start + i) for i in range(int(query.get("per_page", 10)) // 5)]
    h._send(200, {"page": 1, "per_page": len(videos), "total_results": 2, "videos": videos}, headers=headers)


def _file(h: _Handler, _q, _b) -> None:
    if h.state.mode == "not_video":
        h._send(200, b"<html>nope</html>", content_type="text/html")
    else:
        h._send(200, h.state.audio, content_type="video/mp4")


PEXELS_ROUTES = {("GET", "/videos/search"): _search, ("GET", "*"): _file}
