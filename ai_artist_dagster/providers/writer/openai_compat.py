"""OpenAI-compatible chat completions through the ``openai`` SDK: OpenAI, DeepSeek, xAI Grok,
Mistral and local servers (Ollama, vLLM, llama.cpp server), each a named preset."""

from __future__ import annotations

import os
from typing import Literal

from pydantic import BaseModel

from ai_artist_dagster.providers.writer.base import ChatReply, ChatRequest, ProviderError, WriterProvider
from ai_artist_dagster.providers.writer.errors import status_error


class Preset(BaseModel):
    """A named OpenAI-compatible endpoint. Prices: USD per million tokens, list prices when this
    preset was written — override with AI_ARTIST_LLM_PRICES when they change."""

    base_url: str
    model: str
    key_env: str | None  # None: a local server that needs no key
    base_url_env: str | None = None
    price_in: float = 0.0
    price_out: float = 0.0
    response_format: Literal["json_schema", "json_object"] = "json_schema"


PRESETS: dict[str, Preset] = {
    "openai": Preset(
        base_url="https://api.openai.com/v1",
        model="gpt-4.1-mini",
        key_env="OPENAI_API_KEY",
        base_url_env="OPENAI_BASE_URL",
        price_in=0.40,
        price_out=1.60,
    ),
    "deepseek": Preset(
        base_url="https://api.deepseek.com/v1",
        model="deepseek-chat",
        key_env="DEEPSEEK_API_KEY",
        base_url_env="DEEPSEEK_BASE_URL",
        price_in=0.27,
        price_out=1.10,
        response_format="json_object",
    ),
    "xai": Preset(
        base_url="https://api.x.ai/v1",
        model="grok-3-mini",
        key_env="XAI_API_KEY",
        base_url_env="XAI_BASE_URL",
        price_in=0.30,
        price_out=0.50,
    ),
    "mistral": Preset(
        base_url="https://api.mistral.ai/v1",
        model="mistral-small-latest",
        key_env="MISTRAL_API_KEY",
        base_url_env="MISTRAL_BASE_URL",
        price_in=0.10,
        price_out=0.30,
    ),
    "ollama": Preset(
        base_url="http://127.0.0.1:11434/v1", model="llama3.1", key_env=None, base_url_env="OLLAMA_BASE_URL"
    ),
    "vllm": Preset(base_url="http://127.0.0.1:8000/v1", model="default", key_env=None, base_url_env="VLLM_BASE_URL"),
    "llamacpp": Preset(
        base_url="http://127.0.0.1:8080/v1", model="default", key_env=None, base_url_env="LLAMACPP_BASE_URL"
    ),
}


class OpenAICompatProvider(WriterProvider):
    """Chat completions with a JSON-schema response format (or JSON mode plus the schema in the
    prompt, for servers without structured outputs)."""

    def __init__(self, name: str, model: str | None = None, timeout_s: float = 60.0):
        import openai

        preset = PRESETS[name]
        self.name = name
        self.model = model or preset.model
        self.price_in_per_mtok, self.price_out_per_mtok = preset.price_in, preset.price_out
        self.response_format = preset.response_format
        key = os.environ.get(preset.key_env) if preset.key_env else None
        if preset.key_env and not key:
            raise ProviderError("auth", f"{preset.key_env} is not set")
        base_url = (os.environ.get(preset.base_url_env) if preset.base_url_env else None) or preset.base_url
        self._openai = openai
        self._client = openai.OpenAI(api_key=key or "not-needed", base_url=base_url, timeout=timeout_s, max_retries=0)

    def chat(self, request: ChatRequest) -> ChatReply:
        openai = self._openai
        prompt = request.prompt
        system = prompt.system
        if self.response_format == "json_schema":
            response_format = {
                "type": "json_schema",
                "json_schema": {"name": prompt.schema_name, "schema": prompt.json_schema, "strict": False},
            }
        else:
            import json

            system += f"\nThe JSON schema:\n{json.dumps(prompt.json_schema, separators=(',', ':'))}"
            response_format = {"type": "json_object"}
        try:
            completion = self._client.chat.completions.create(  # type: ignore[call-overload]  # dict messages
                model=self.model,
                messages=[{"role": "system", "content": system}, *request.messages()],
                response_format=response_format,
                max_tokens=request.max_tokens,
                temperature=request.temperature,
            )
        except openai.APITimeoutError as exc:
            raise ProviderError("timeout", "request timed out") from exc
        except openai.APIConnectionError as exc:
            raise ProviderError("connection", f"cannot connect ({type(exc).__name__})") from exc
        except openai.APIStatusError as exc:
            raise status_error(exc.status_code, str(exc.message), exc.response.headers) from exc
        if not completion.choices:
            raise ProviderError("server", "reply had no choices")
        choice = completion.choices[0]
        message = choice.message
        if getattr(message, "refusal", None) or choice.finish_reason == "content_filter":
            raise ProviderError("refusal", f"the model refused ({(message.refusal or 'content filter')[:160]})")
        usage = completion.usage
        return ChatReply(
            text=message.content or "",
            tokens_in=usage.prompt_tokens if usage else 0,
            tokens_out=usage.completion_tokens if usage else 0,
            model=completion.model or self.model,
        )
