-- Chart rows with a popularity weight: streams where the source reports them, else a rank
-- weight (the top of a 100-song chart weighs 100, the bottom 1).
select
    chart_date,
    source,
    position,
    title,
    performer,
    song_key,
    streams,
    coalesce(streams::double, (101 - least(position, 100))::double) as weight
from {{ source('warehouse', 'chart_entries') }}
