"""Text providers behind one interface (offline writer, OpenAI-compatible presets, Anthropic,
Gemini) and the router that makes them reliable, cached and budgeted."""

from ai_artist_dagster.providers.writer.base import (
    BudgetExceeded,
    CallRecord,
    ChatReply,
    ChatRequest,
    ProviderError,
    WriterError,
    WriterProvider,
)
from ai_artist_dagster.providers.writer.offline import OfflineWriter
from ai_artist_dagster.providers.writer.registry import build_chain, build_provider, default_order, parse_specs
from ai_artist_dagster.providers.writer.router import CallContext, Generation, RouterPolicy, WriterRouter
from ai_artist_dagster.providers.writer.state import RouterState

__all__ = [
    "BudgetExceeded",
    "CallContext",
    "CallRecord",
    "ChatReply",
    "ChatRequest",
    "Generation",
    "OfflineWriter",
    "ProviderError",
    "RouterPolicy",
    "RouterState",
    "WriterError",
    "WriterProvider",
    "WriterRouter",
    "build_chain",
    "build_provider",
    "default_order",
    "parse_specs",
]
