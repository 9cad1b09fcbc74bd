FROM python:3.11-slim
ENV DO_NOT_TRACK=1 AI_ARTIST_DATA_DIR=/data DAGSTER_HOME=/opt/dagster/home PIP_NO_CACHE_DIR=1
WORKDIR /opt/project
# The voice (Festival + HTS voice), the instruments (FluidSynth + FluidR3 GM) and g++ for pyworld (source only on PyPI): deploy/system-packages.sh
RUN apt-get update -q && apt-get install -y -q --no-install-recommends festival festvox-us-slt-hts fluidsynth fluid-soundfont-gm g++ \
 && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY ai_artist_dagster ai_artist_dagster
COPY dbt_trends dbt_trends
COPY data/charts data/charts
RUN pip install uv && uv pip install --system -e . dagster-postgres==0.29.* dagster-docker==0.29.* \
 && python -m ai_artist_dagster.lib.dbt_project \
 && python -m ai_artist_dagster.lib.numba_cache
COPY deploy/dagster.docker.yaml /opt/dagster/home/dagster.yaml
COPY deploy/dagster.lake.yaml /opt/dagster/home/dagster.lake.yaml
COPY deploy/workspace.docker.yaml /opt/dagster/home/workspace.yaml
