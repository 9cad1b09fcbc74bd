"""Provider names, how each is built, and the default order (every provider with a key, then offline).

A provider spec is ``name`` or ``name:model`` (e.g. ``openai:gpt-4.1``, ``ollama:qwen2.5``,
``local:/models/qwen2.5-1.5b-instruct-q4_k_m.gguf``).
"""

from __future__ import annotations

import os

from ai_artist_dagster.providers.writer.base import ProviderError, WriterProvider
from ai_artist_dagster.providers.writer.openai_compat import PRESETS

KEYED_ORDER = ["openai", "anthropic", "gemini", "deepseek", "xai", "mistral"]
KEY_ENV = {
    "openai": ["OPENAI_API_KEY"],
    "anthropic": ["ANTHROPIC_API_KEY"],
    "gemini": ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
    "deepseek": ["DEEPSEEK_API_KEY"],
    "xai": ["XAI_API_KEY"],
    "mistral": ["MISTRAL_API_KEY"],
}
KNOWN = sorted({*PRESETS, "anthropic", "gemini", "local", "offline"})


def default_order() -> list[str]:
    """Every provider whose key is set, in KEYED_ORDER, then ``offline``."""
    return [name for name in KEYED_ORDER if any(os.environ.get(k) for k in KEY_ENV[name])] + ["offline"]


def parse_specs(text: str) -> list[tuple[str, str | None]]:
    """``"openai:gpt-4.1, offline"`` → [("openai", "gpt-4.1"), ("offline", None)]; ``auto`` → default order."""
    specs: list[tuple[str, str | None]] = []
    for raw in text.split(","):
        item = raw.strip()
        if not item:
            continue
        if item == "auto":
            specs += [(name, None) for name in default_order()]
            continue
        name, _, model = item.partition(":")
        name = name.strip().lower()
        if name not in KNOWN:
            raise ValueError(f"unknown writer provider {name!r}; known: {', '.join(KNOWN)}")
        specs.append((name, model.strip() or None))
    return list(dict.fromkeys(specs))


def build_provider(name: str, model: str | None = None, timeout_s: float = 60.0) -> WriterProvider:
    """Build one provider; raises ProviderError('auth') when its key is missing."""
    if name == "offline":
        from ai_artist_dagster.providers.writer.offline import OfflineWriter

        return OfflineWriter()
    if name == "local":
        from ai_artist_dagster.providers.writer.local import LocalProvider

        return LocalProvider(model=model, timeout_s=timeout_s)
    if name == "anthropic":
        from ai_artist_dagster.providers.writer.anthropic_provider import AnthropicProvider

        return AnthropicProvider(model=model, timeout_s=timeout_s)
    if name == "gemini":
        from ai_artist_dagster.providers.writer.gemini import GeminiProvider

        return GeminiProvider(model=model, timeout_s=timeout_s)
    if name in PRESETS:
        from ai_artist_dagster.providers.writer.openai_compat import OpenAICompatProvider

        return OpenAICompatProvider(name, model=model, timeout_s=timeout_s)
    raise ValueError(f"unknown writer provider {name!r}; known: {', '.join(KNOWN)}")


def apply_prices(provider: WriterProvider, prices: str) -> None:
    """``AI_ARTIST_LLM_PRICES="openai=0.4/1.6,anthropic=1/5"``: USD per million tokens in/out."""
    for item in prices.split(","):
        name, _, value = item.strip().partition("=")
        if name.strip() == provider.name and "/" in value:
            price_in, price_out = value.split("/", 1)
            provider.price_in_per_mtok, provider.price_out_per_mtok = float(price_in), float(price_out)


def build_chain(
    specs: list[tuple[str, str | None]], timeout_s: float, prices: str = ""
) -> tuple[list[WriterProvider], dict[str, str]]:
    """Build a route's providers; ones that cannot be built (no key) are reported, not fatal."""
    chain: list[WriterProvider] = []
    unavailable: dict[str, str] = {}
    for name, model in specs:
        try:
            provider = build_provider(name, model, timeout_s)
        except ProviderError as exc:
            unavailable[name] = str(exc)
            continue
        apply_prices(provider, prices)
        chain.append(provider)
    return chain, unavailable
