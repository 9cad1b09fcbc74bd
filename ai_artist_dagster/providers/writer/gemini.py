"""Gemini through ``google-genai`` (the maintained successor of google-generativeai), with a
JSON response schema. GEMINI_API_KEY (or GOOGLE_API_KEY); GOOGLE_GEMINI_BASE_URL to redirect."""

from __future__ import annotations

import os

from ai_artist_dagster.providers.writer.base import ChatReply, ChatRequest, ProviderError, WriterProvider
from ai_artist_dagster.providers.writer.errors import status_error

DEFAULT_MODEL = "gemini-2.5-flash"
PRICES = {"gemini-2.5-flash": (0.30, 2.50), "gemini-2.5-flash-lite": (0.10, 0.40), "gemini-2.5-pro": (1.25, 10.0)}
REFUSALS = {"SAFETY", "RECITATION", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY"}


class GeminiProvider(WriterProvider):
    name = "gemini"

    def __init__(self, model: str | None = None, timeout_s: float = 60.0):
        from google import genai
        from google.genai import types

        key = os.environ.get("GEMINI_API_KEY") or os.environ.get("GOOGLE_API_KEY")
        if not key:
            raise ProviderError("auth", "GEMINI_API_KEY is not set")
        self.model = model or DEFAULT_MODEL
        self.price_in_per_mtok, self.price_out_per_mtok = PRICES.get(self.model, PRICES[DEFAULT_MODEL])
        self._types = types
        options = types.HttpOptions(timeout=int(timeout_s * 1000))  # no SDK retries: the router retries
        self._client = genai.Client(api_key=key, http_options=options)

    def chat(self, request: ChatRequest) -> ChatReply:
        import httpx
        from google.genai import errors

        types = self._types
        contents = [
            types.Content(role="model" if m["role"] == "assistant" else "user", parts=[types.Part(text=m["content"])])
            for m in request.messages()
        ]
        config = types.GenerateContentConfig(
            system_instruction=request.prompt.system,
            response_mime_type="application/json",
            response_json_schema=request.prompt.json_schema,
            max_output_tokens=request.max_tokens,
            temperature=request.temperature,
        )
        try:
            response = self._client.models.generate_content(model=self.model, contents=contents, config=config)
        except httpx.TimeoutException as exc:
            raise ProviderError("timeout", "request timed out") from exc
        except httpx.TransportError as exc:
            raise ProviderError("connection", f"cannot connect ({type(exc).__name__})") from exc
        except errors.APIError as exc:
            headers = getattr(exc.response, "headers", None)
            raise status_error(int(exc.code or 500), str(exc.message or exc.status), headers) from exc
        feedback = response.prompt_feedback
        if feedback is not None and feedback.block_reason:
            raise ProviderError("refusal", f"prompt blocked ({feedback.block_reason})")
        candidate = response.candidates[0] if response.candidates else None
        reason = str(getattr(candidate, "finish_reason", "") or "").rsplit(".", 1)[-1]
        if reason in REFUSALS:
            raise ProviderError("refusal", f"the model refused ({reason})")
        usage = response.usage_metadata
        return ChatReply(
            text=response.text or "",
            tokens_in=(usage.prompt_token_count or 0) if usage else 0,
            tokens_out=(usage.candidates_token_count or 0) if usage else 0,
            model=response.model_version or self.model,
        )
