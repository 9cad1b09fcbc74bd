"""The critic as a measuring instrument: a rubric of objective and text parts, each scored 0–1 from
what was measured, combined into the score (rubric.py); the critique's words come from the parts."""

from ai_artist_dagster.domain.critic.rubric import WEIGHTS, Rubric, assess

__all__ = ["WEIGHTS", "Rubric", "assess"]
