"""Anthropic Messages API through the ``anthropic`` SDK; structured output by a forced tool call."""

from __future__ import annotations

import json
import os

from ai_artist_dagster.providers.writer.base import ChatReply, ChatRequest, ProviderError, WriterProvider
from ai_artist_dagster.providers.writer.errors import status_error

DEFAULT_MODEL = "claude-haiku-4-5"
PRICES = {"claude-haiku-4-5": (1.0, 5.0), "claude-sonnet-4-5": (3.0, 15.0), "claude-opus-4-1": (15.0, 75.0)}


class AnthropicProvider(WriterProvider):
    name = "anthropic"

    def __init__(self, model: str | None = None, timeout_s: float = 60.0):
        import anthropic

        key = os.environ.get("ANTHROPIC_API_KEY")
        if not key:
            raise ProviderError("auth", "ANTHROPIC_API_KEY is not set")
        self.model = model or DEFAULT_MODEL
        self.price_in_per_mtok, self.price_out_per_mtok = PRICES.get(self.model, PRICES[DEFAULT_MODEL])
        self._anthropic = anthropic
        # base_url defaults to ANTHROPIC_BASE_URL, then Anthropic's own endpoint.
        self._client = anthropic.Anthropic(api_key=key, timeout=timeout_s, max_retries=0)

    def chat(self, request: ChatRequest) -> ChatReply:
        anthropic = self._anthropic
        prompt = request.prompt
        tool = {
            "name": prompt.schema_name,
            "description": f"Return the {prompt.schema_name} as structured input.",
            "input_schema": prompt.json_schema,
        }
        try:
            message = self._client.messages.create(  # type: ignore[call-overload]  # dict messages and tool
                model=self.model,
                max_tokens=request.max_tokens,
                temperature=request.temperature,
                system=prompt.system,
                messages=request.messages(),
                tools=[tool],
                tool_choice={"type": "tool", "name": prompt.schema_name},
            )
        except anthropic.APITimeoutError as exc:
            raise ProviderError("timeout", "request timed out") from exc
        except anthropic.APIConnectionError as exc:
            raise ProviderError("connection", f"cannot connect ({type(exc).__name__})") from exc
        except anthropic.APIStatusError as exc:
            raise status_error(exc.status_code, str(exc.message), exc.response.headers) from exc
        if message.stop_reason == "refusal":
            raise ProviderError("refusal", "the model refused")
        tool_input = next((b.input for b in message.content if b.type == "tool_use"), None)
        if tool_input is not None:
            text = json.dumps(tool_input)
        else:  # no tool call: take the text and let validation judge it
            text = "".join(getattr(b, "text", "") for b in message.content)
        return ChatReply(
            text=text,
            tokens_in=message.usage.input_tokens,
            tokens_out=message.usage.output_tokens,
            model=message.model or self.model,
        )
