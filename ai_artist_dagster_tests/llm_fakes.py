"""Fake LLM APIs at the HTTP layer (respx): the real SDK clients send real requests and parse
real-shaped responses. A fake answers with the offline writer's result for the brief the prompt
was rendered from, wrapped the way each API wraps structured output."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

OPENAI_URL = "http://fake-openai.test/v1"
ANTHROPIC_URL = "http://fake-anthropic.test"
GEMINI_URL = "http://fake-gemini.test"


def openai_body(
    content: str | None,
    refusal: str | None = None,
    finish: str = "stop",
    model: str = "gpt-4.1-mini",
    usage: tuple[int, int] = (812, 455),
):
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "finish_reason": finish,
            }
        ],
        "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)},
    }


def anthropic_body(payload: dict | None, stop_reason: str = "tool_use", name: str = "Lyrics"):
    content = [{"type": "tool_use", "id": "toolu_1", "name": name, "input": payload}] if payload is not None else []
    return {
        "id": "msg_1",
        "type": "message",
        "role": "assistant",
        "model": "claude-haiku-4-5",
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 900, "output_tokens": 480},
    }


def gemini_body(text: str | None, finish: str = "STOP"):
    candidate: dict[str, Any] = {"finishReason": finish, "index": 0}
    if text is not None:
        candidate["content"] = {"role": "model", "parts": [{"text": text}]}
    return {
        "candidates": [candidate],
        "usageMetadata": {"promptTokenCount": 850, "candidatesTokenCount": 470, "totalTokenCount": 1320},
        "modelVersion": "gemini-2.5-flash",
    }


class Script:
    """A respx side effect that plays responses in order, then repeats the last; records requests."""

    def __init__(self, *steps: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]):
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, Exception):
            raise step
        if callable(step) and not isinstance(step, httpx.Response):
            return step(request)
        return step

    def bodies(self) -> list[dict]:
        return [json.loads(r.content) for r in self.requests]


def ok(body: dict, **headers: str) -> httpx.Response:
    return httpx.Response(200, json=body, headers=headers)


def error(status: int, message: str = "boom", **headers: str) -> httpx.Response:
    return httpx.Response(
        status, json={"error": {"message": message, "type": "error", "code": status}}, headers=headers
    )
