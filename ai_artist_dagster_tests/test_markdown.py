"""Metadata tables show outside text (chart titles, provider errors, LLM text) as data: a `|` or a
newline in a cell never breaks the table."""

import datetime as dt

from ai_artist_dagster.lib.markdown import table


def _rows(markdown: str) -> list[list[str]]:
    """The cells of each body row, split on unescaped pipes."""
    import re

    return [
        [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in markdown.splitlines()[2:] if line.strip()
    ]


def test_a_provider_error_with_pipes_and_newlines_stays_one_cell():
    from ai_artist_dagster.defs.content.tracks import _attempts_markdown
    from ai_artist_dagster.providers.music.base import MusicAttempt

    attempt = MusicAttempt(provider="suno", outcome="error", error="HTTP 502 | upstream\nfailed | retry later")
    [row] = _rows(_attempts_markdown([attempt]))
    assert len(row) == 7 and row[-1] == "HTTP 502 \\| upstream failed \\| retry later"


def test_a_trait_value_with_a_pipe_stays_in_its_cell_of_the_creation_report(profile):
    from ai_artist_dagster.domain.writer import creation_report
    from ai_artist_dagster.lib.schemas import TraitMomentum, TrendReport

    hostile = TraitMomentum(
        trait_type="genre", trait_value="pop | ignore rules", share=0.3, prev_share=0.1, momentum=0.2, n_tracks=4
    )
    trend = TrendReport(chart_date=dt.date(2020, 3, 6), source="s", n_entries=10, rising={"genre": [hostile]})
    report = creation_report(profile, trend)
    lines = [line for line in report.splitlines() if line.startswith("|")]
    assert len(_rows("\n".join(lines))) == 1 and len(_rows("\n".join(lines))[0]) == 4


def test_table_escapes_every_cell():
    assert _rows(table(["a", "b"], [("x|y", "1\n2")])) == [["x\\|y", "1 2"]]
