"""Prompts: versioned templates per role (writer, lyricist, critic) and their grounded rendering."""

from ai_artist_dagster.domain.prompts.render import Prompt, clean_text, data_block, grounding, render_prompt
from ai_artist_dagster.domain.prompts.templates import TEMPLATES, PromptTemplate, template_for

__all__ = [
    "TEMPLATES",
    "Prompt",
    "PromptTemplate",
    "clean_text",
    "data_block",
    "grounding",
    "render_prompt",
    "template_for",
]
